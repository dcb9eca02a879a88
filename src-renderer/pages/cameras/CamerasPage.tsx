import { useCallback, useState } from 'react';
import type { CameraView } from '../../../src-main/api/contract';
import type { RouteInfo } from '../../app/routes';
import { PageHeader } from '../../components/PageHeader';
import { useSettings } from '../../hooks/settings-context';
import { useIsConnected } from '../../hooks/use-connection-state';
import { useTopic } from '../../hooks/use-topic';
import { CameraDialog } from './CameraDialog';
import { CameraFocusView } from './CameraFocusView';
import { CameraGrid } from './CameraGrid';
import { CamerasEmpty } from './CamerasEmpty';
import { camerasSummary } from './cameras-summary';
import { RemoveCameraDialog } from './RemoveCameraDialog';
import type { TileMenuActions } from './TileMenu';
import { useCameraActions } from './use-camera-actions';

const DEFAULT_COLUMNS = 3;

type DialogState = { kind: 'add' } | { kind: 'edit'; id: string } | null;

/** Every camera live in a grid; one of them large; adding, editing and removing them. */
export function CamerasPage({ route }: { route: RouteInfo }) {
  const { data: cameras, error } = useTopic('cameras', {});
  const columns = useSettings().data?.ui.gridColumns ?? DEFAULT_COLUMNS;
  const actions = useCameraActions();
  const connected = useIsConnected();
  const [dialog, setDialog] = useState<DialogState>(null);
  const [removingId, setRemovingId] = useState<string | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);

  const find = (id: string | null) => (id === null ? undefined : cameras?.find((c) => c.id === id));
  const focused = find(focusedId);
  const editing = dialog?.kind === 'edit' ? find(dialog.id) : undefined;
  const removing = find(removingId);
  const openAdd = () => setDialog({ kind: 'add' });
  const closeFocus = useCallback(() => setFocusedId(null), []);

  const actionsFor = (camera: CameraView): TileMenuActions => ({
    onOpen: () => setFocusedId(camera.id),
    onEdit: () => setDialog({ kind: 'edit', id: camera.id }),
    onToggleEnabled: () => actions.setEnabled(camera, !camera.enabled),
    onRemove: () => setRemovingId(camera.id),
  });

  return (
    <>
      {focused ? (
        <CameraFocusView
          camera={focused}
          onClose={closeFocus}
          onEdit={() => setDialog({ kind: 'edit', id: focused.id })}
          onToggleEnabled={() => actions.setEnabled(focused, !focused.enabled)}
        />
      ) : (
        <>
          <PageHeader
            route={route}
            actions={
              <button type="button" className="button primary" onClick={openAdd} data-testid="cameras-add">
                Add camera
              </button>
            }
          >
            <p className="page-subtitle" data-testid="cameras-summary">
              {cameras ? camerasSummary(cameras, connected) : error ? `Could not load the cameras: ${error.message}` : 'Loading cameras…'}
            </p>
          </PageHeader>
          {actions.failure && (
            <div className="form-error page-notice" role="alert" data-testid="cameras-action-failure">
              {actions.failure}
              <button type="button" className="link-button" onClick={actions.dismissFailure}>
                Dismiss
              </button>
            </div>
          )}
          {cameras &&
            (cameras.length === 0 ? <CamerasEmpty onAdd={openAdd} /> : <CameraGrid cameras={cameras} columns={columns} actionsFor={actionsFor} />)}
        </>
      )}
      {dialog?.kind === 'add' && <CameraDialog onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />}
      {editing && (
        <CameraDialog
          key={editing.id}
          camera={editing}
          onClose={() => setDialog(null)}
          onSaved={() => setDialog(null)}
          onRemove={() => {
            setDialog(null);
            setRemovingId(editing.id);
          }}
        />
      )}
      {removing && (
        <RemoveCameraDialog
          camera={removing}
          onCancel={() => setRemovingId(null)}
          onRemove={async () => {
            await actions.remove(removing);
            setRemovingId(null);
            if (focusedId === removing.id) setFocusedId(null);
          }}
        />
      )}
    </>
  );
}
