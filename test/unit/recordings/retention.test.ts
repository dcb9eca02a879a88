import { describe, expect, it } from 'vitest';
import { GB, MB, selectForDeletion, type CameraRetention, type RetentionFile } from '../../../src-main/recordings/retention';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

function file(cameraId: string, hoursAgo: number, sizeMb: number, inProgress = false): RetentionFile {
  const startedAt = NOW - hoursAgo * HOUR;
  return { cameraId, name: `${cameraId}-${hoursAgo}.mp4`, startedAt, sizeBytes: sizeMb * MB, inProgress };
}

function names(decisions: Array<{ name: string }>): string[] {
  return decisions.map((d) => d.name);
}

function policies(entries: Record<string, CameraRetention>): Map<string, CameraRetention> {
  return new Map(Object.entries(entries));
}

describe('retention selection', () => {
  it('deletes by age per camera, oldest first; 0 hours means no age limit', () => {
    const files = [file('a', 30, 1), file('a', 10, 1), file('a', 50, 1), file('b', 500, 1)];
    const chosen = selectForDeletion({ files, policies: policies({ a: { retainHours: 24, maxSizeMb: 0 }, b: { retainHours: 0, maxSizeMb: 0 } }), maxTotalBytes: 0, now: NOW });
    expect(names(chosen)).toEqual(['a-50.mp4', 'a-30.mp4']);
    expect(chosen.every((c) => c.rule === 'age')).toBe(true);
  });

  it('trims a camera to its size limit from the oldest, counting but never deleting the segment being written', () => {
    const files = [file('a', 4, 40), file('a', 3, 40), file('a', 2, 40), file('a', 1, 40), file('a', 0, 40, true)];
    const chosen = selectForDeletion({ files, policies: policies({ a: { retainHours: 0, maxSizeMb: 100 } }), maxTotalBytes: 0, now: NOW });
    // 200 MB on disk, 100 allowed: the three oldest go (the one in progress stays and counts).
    expect(names(chosen)).toEqual(['a-4.mp4', 'a-3.mp4', 'a-2.mp4']);
    expect(chosen.every((c) => c.rule === 'camera-size')).toBe(true);
  });

  it('never deletes the segment being written, even when it alone exceeds every limit', () => {
    const files = [file('a', 100, 500, true)];
    const chosen = selectForDeletion({ files, policies: policies({ a: { retainHours: 1, maxSizeMb: 1 } }), maxTotalBytes: 1, now: NOW });
    expect(chosen).toEqual([]);
  });

  it('applies the overall limit across cameras, oldest first, after the per-camera limits', () => {
    const files = [file('a', 5, 400), file('b', 4, 400), file('a', 3, 400), file('b', 2, 400), file('gone', 6, 400)];
    const chosen = selectForDeletion({
      files,
      policies: policies({ a: { retainHours: 0, maxSizeMb: 0 }, b: { retainHours: 0, maxSizeMb: 0 } }),
      maxTotalBytes: GB,
      now: NOW,
    });
    // 2000 MB total, 1024 MB allowed: the three oldest, whichever camera they belong to.
    expect(names(chosen)).toEqual(['gone-6.mp4', 'a-5.mp4', 'b-4.mp4']);
    expect(chosen.every((c) => c.rule === 'total-size')).toBe(true);
  });

  it('keeps recordings of removed cameras (no policy) out of per-camera rules', () => {
    const files = [file('gone', 10_000, 5)];
    expect(selectForDeletion({ files, policies: new Map(), maxTotalBytes: GB, now: NOW })).toEqual([]);
  });

  it('does not count what the age rule already deleted towards the size limits', () => {
    const files = [file('a', 48, 60), file('a', 2, 60), file('a', 1, 30)];
    const chosen = selectForDeletion({ files, policies: policies({ a: { retainHours: 24, maxSizeMb: 100 } }), maxTotalBytes: 0, now: NOW });
    expect(chosen.map((c) => [c.name, c.rule])).toEqual([['a-48.mp4', 'age']]);
  });

  it('is pure: same answer twice, input untouched', () => {
    const files = [file('a', 3, 60), file('a', 2, 60), file('a', 1, 60)];
    const frozen = JSON.stringify(files);
    const input = { files, policies: policies({ a: { retainHours: 0, maxSizeMb: 100 } }), maxTotalBytes: 0, now: NOW };
    expect(selectForDeletion(input)).toEqual(selectForDeletion(input));
    expect(JSON.stringify(files)).toBe(frozen);
  });
});
