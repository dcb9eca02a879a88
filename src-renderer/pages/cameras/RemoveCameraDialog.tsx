import type { CameraView } from '../../../src-main/api/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';

/** Asks before a camera is removed: its settings and saved credentials go with it. */
export function RemoveCameraDialog({ camera, onRemove, onCancel }: { camera: CameraView; onRemove(): Promise<void>; onCancel(): void }) {
  return (
    <ConfirmDialog title={`Remove “${camera.name}”?`} confirmLabel="Remove camera" busyLabel="Removing…" onConfirm={onRemove} onCancel={onCancel}>
      <p>
        Its picture stops everywhere and its settings and saved credentials are deleted. This cannot be undone; to pause a camera
        instead, disable it.
      </p>
      <p className="mono muted">{camera.url}</p>
    </ConfirmDialog>
  );
}
