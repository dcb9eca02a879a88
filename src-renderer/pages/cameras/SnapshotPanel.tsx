import { useEffect, useState } from 'react';
import type { CameraState, CameraView } from '../../../src-main/api/contract';
import { formatClockTime } from '../../app/format';
import { snapshotFailure } from '../../media/snapshot-failure';
import { useSourceSnapshotUrl, type SnapshotSource } from './use-snapshot-url';

type ImageState = { kind: 'loading' } | { kind: 'loaded'; width: number; height: number } | { kind: 'failed'; problem: string | null };

/**
 * The camera's latest frame, as the engine has it (at most a few seconds old, or the last frame
 * it kept of a camera that went down): a small preview, the full JPEG to open or save.
 */
export function SnapshotPanel({ camera }: { camera: CameraView }) {
  return <SourceSnapshotPanel source={{ kind: 'camera', id: camera.id }} name={camera.name} state={camera.status.state} noun="camera" />;
}

interface SourceSnapshotPanelProps {
  source: SnapshotSource;
  name: string;
  state: CameraState;
  /** `camera`, `stream`: in the words under the picture. */
  noun: string;
}

/** The snapshot panel of any source: a camera, or a published RTMP stream. */
export function SourceSnapshotPanel({ source, name, state, noun }: SourceSnapshotPanelProps) {
  const [take, setTake] = useState(0);
  const snapshot = useSourceSnapshotUrl(source, { enabled: true, refreshKey: take });
  const url = snapshot.url;
  // What the <img> did with each address: a new address starts out loading.
  const [loaded, setLoaded] = useState<{ url: string | null; state: ImageState }>({ url: null, state: { kind: 'loading' } });
  const image: ImageState = loaded.url === url ? loaded.state : { kind: 'loading' };
  const setImage = (state: ImageState) => setLoaded({ url, state });

  // An <img> cannot read why it failed: ask once more for the engine's words.
  const failedWithoutWords = image.kind === 'failed' && image.problem === null;
  useEffect(() => {
    if (!failedWithoutWords || !url) return;
    const abort = new AbortController();
    void snapshotFailure(url, abort.signal).then((problem) => {
      if (!abort.signal.aborted) setLoaded({ url, state: { kind: 'failed', problem } });
    });
    return () => abort.abort();
  }, [failedWithoutWords, url]);

  const fileName = `${fileSlug(name)}-${fileStamp(snapshot.madeAt ?? Date.now())}.jpg`;
  const problem = snapshot.problem ?? (image.kind === 'failed' ? (image.problem ?? 'Loading…') : null);

  return (
    <div className="snapshot-panel">
      <div className={`snapshot-frame ${image.kind}`}>
        {url && image.kind !== 'failed' && (
          <img
            key={url}
            src={url}
            alt={`Snapshot of ${name}`}
            onLoad={(e) => setImage({ kind: 'loaded', width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
            onError={() => setImage({ kind: 'failed', problem: null })}
            data-testid="snapshot-image"
          />
        )}
        {!problem && image.kind === 'loading' && <span className="spinner" aria-label="Loading the snapshot" />}
        {problem && (
          <p className="snapshot-problem" role="status" data-testid="snapshot-problem">
            {problem}
          </p>
        )}
      </div>
      <p className="snapshot-meta muted" data-testid="snapshot-meta">
        {image.kind === 'loaded' && snapshot.madeAt
          ? state === 'live'
            ? `${image.width}×${image.height} · ${formatClockTime(snapshot.madeAt)}`
            : `${image.width}×${image.height} · the last frame the engine kept before the ${noun} went ${state === 'disabled' ? 'off' : 'down'}`
          : image.kind === 'failed'
            ? 'No picture to save.'
            : 'Fetching the latest frame…'}
      </p>
      <div className="popover-actions">
        <button type="button" className="button small" onClick={() => setTake((t) => t + 1)} data-testid="snapshot-refresh" title="Fetch the newest frame (refreshed at most every 3 s)">
          Take again
        </button>
        <span className="header-spacer" />
        {url && image.kind === 'loaded' && (
          <>
            <a className="button small" href={url} target="_blank" rel="noopener noreferrer" data-testid="snapshot-open">
              Open
            </a>
            <a className="button small primary" href={url} download={fileName} data-testid="snapshot-download">
              Download
            </a>
          </>
        )}
      </div>
    </div>
  );
}

/** `Stage left` → `stage-left`: for file names. */
export function fileSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'camera';
}

/** `20261121-142530`, local time. */
function fileStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
