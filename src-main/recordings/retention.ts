/** One segment on disk as retention sees it. */
export interface RetentionFile {
  cameraId: string;
  name: string;
  /** Start of the segment, ms since the epoch. */
  startedAt: number;
  sizeBytes: number;
  /** The segment FFmpeg is writing: counted, never deleted. */
  inProgress: boolean;
}

/** A camera's limits (from its recording policy). */
export interface CameraRetention {
  /** 0: no age limit. */
  retainHours: number;
  /** 0: no per-camera size limit (the overall limit still applies). */
  maxSizeMb: number;
}

export interface RetentionInput {
  files: readonly RetentionFile[];
  /** Limits by camera id; cameras without an entry (removed cameras' recordings) only count towards the overall limit. */
  policies: ReadonlyMap<string, CameraRetention>;
  /** Overall limit for every camera together, bytes; 0 or less: none. */
  maxTotalBytes: number;
  now: number;
}

export interface RetentionDecision extends RetentionFile {
  rule: 'age' | 'camera-size' | 'total-size';
}

export const MB = 1024 * 1024;
export const GB = 1024 * MB;
const HOUR_MS = 3_600_000;

/**
 * Which segments to delete, oldest first: per camera those older than its `retainHours`, then
 * the oldest until the camera fits its `maxSizeMb`, then the oldest of all cameras until the
 * total fits `maxTotalBytes`. A segment being written is never chosen (but its size counts).
 * Pure: the same input always gives the same answer.
 */
export function selectForDeletion(input: RetentionInput): RetentionDecision[] {
  const byAge = (a: RetentionFile, b: RetentionFile) => a.startedAt - b.startedAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const chosen: RetentionDecision[] = [];
  const kept: RetentionFile[] = [];
  const byCamera = new Map<string, RetentionFile[]>();
  for (const file of [...input.files].sort(byAge)) {
    const list = byCamera.get(file.cameraId) ?? [];
    list.push(file);
    byCamera.set(file.cameraId, list);
  }

  for (const [cameraId, files] of byCamera) {
    const policy = input.policies.get(cameraId);
    if (!policy) {
      kept.push(...files);
      continue;
    }
    const survivors: RetentionFile[] = [];
    const cutoff = policy.retainHours > 0 ? input.now - policy.retainHours * HOUR_MS : -Infinity;
    for (const file of files) {
      if (!file.inProgress && file.startedAt < cutoff) chosen.push({ ...file, rule: 'age' });
      else survivors.push(file);
    }
    if (policy.maxSizeMb > 0) trimToSize(survivors, policy.maxSizeMb * MB, 'camera-size', chosen);
    kept.push(...survivors);
  }

  if (input.maxTotalBytes > 0) {
    kept.sort(byAge);
    trimToSize(kept, input.maxTotalBytes, 'total-size', chosen);
  }
  return chosen.sort(byAge);
}

/** Removes the oldest finished files from `files` (oldest first, in place) until their total fits. */
function trimToSize(files: RetentionFile[], limit: number, rule: RetentionDecision['rule'], chosen: RetentionDecision[]): void {
  let total = files.reduce((sum, f) => sum + f.sizeBytes, 0);
  for (let i = 0; i < files.length && total > limit; ) {
    const file = files[i]!;
    if (file.inProgress) {
      i += 1;
      continue;
    }
    files.splice(i, 1);
    total -= file.sizeBytes;
    chosen.push({ ...file, rule });
  }
}
