import { useState } from 'react';
import type { MixerView, SceneView } from '../../../src-main/compositor/compositor-schema';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApiClient } from '../../hooks/api-context';
import { SceneNameDialog } from './SceneNameDialog';
import { StrokeIcon } from '../../components/StrokeIcon';

interface SceneListProps {
  scenes: SceneView[] | undefined;
  mixer: MixerView | undefined;
  /** The scene open in the editor. */
  selectedId: string | null;
  /** A click: the scene goes to preview and opens in the editor. */
  onChoose(sceneId: string): void;
  /** A new scene was made: it opens in the editor. */
  onCreated(scene: SceneView): void;
}

type Dialog = { kind: 'create' } | { kind: 'rename'; scene: SceneView } | { kind: 'remove'; scene: SceneView } | null;

/** Every scene with its tally (red: on program, green: on preview); create, rename, delete. */
export function SceneList({ scenes, mixer, selectedId, onChoose, onCreated }: SceneListProps) {
  const client = useApiClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  return (
    <section className="card program-card scene-list-card" aria-labelledby="program-scenes-title" data-testid="scene-list">
      <div className="card-heading">
        <h2 id="program-scenes-title">Scenes</h2>
        <button type="button" className="button small" onClick={() => setDialog({ kind: 'create' })} data-testid="scene-new">
          New scene
        </button>
      </div>
      {scenes && scenes.length === 0 && (
        <p className="muted program-empty" data-testid="scene-list-empty">
          No scenes yet. A scene is a stack of layers: cameras, images, text, clocks and lower thirds.
        </p>
      )}
      <ul className="scene-list">
        {(scenes ?? []).map((scene) => {
          const onProgram = mixer?.programSceneId === scene.id;
          const onPreview = mixer?.previewSceneId === scene.id;
          const tally = onProgram ? 'program' : onPreview ? 'preview' : 'none';
          return (
            <li
              key={scene.id}
              className={`scene-row tally-${tally}${selectedId === scene.id ? ' selected' : ''}`}
              data-testid="scene-row"
              data-name={scene.name}
              data-id={scene.id}
              data-tally={tally}
            >
              <button type="button" className="scene-choose bare-button" onClick={() => onChoose(scene.id)} title={onProgram ? 'Edit (it is on program)' : 'Put on preview and edit'} data-testid="scene-choose">
                <span className="scene-name truncate">{scene.name}</span>
                <span className="scene-meta">
                  {scene.layers.length} layer{scene.layers.length === 1 ? '' : 's'}
                </span>
              </button>
              <span className="scene-tallies">
                {onProgram && <span className="tally-badge program">PGM</span>}
                {onPreview && <span className="tally-badge preview">PVW</span>}
              </span>
              <span className="scene-actions">
                <button type="button" className="icon-button" aria-label={`Rename ${scene.name}`} title="Rename" onClick={() => setDialog({ kind: 'rename', scene })} data-testid="scene-rename">
                  <StrokeIcon name="rename" />
                </button>
                <button
                  type="button"
                  className="icon-button danger"
                  aria-label={`Delete ${scene.name}`}
                  title={onProgram ? 'On program: take another scene to program first' : 'Delete'}
                  disabled={onProgram}
                  onClick={() => setDialog({ kind: 'remove', scene })}
                  data-testid="scene-remove"
                >
                  <StrokeIcon name="remove" />
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {dialog?.kind === 'create' && (
        <SceneNameDialog
          title="New scene"
          initialName={`Scene ${(scenes?.length ?? 0) + 1}`}
          saveLabel="Create scene"
          onClose={close}
          onSave={async (name) => {
            const scene = await client.call('compositor.scenes.create', { name });
            close();
            onCreated(scene);
          }}
        />
      )}
      {dialog?.kind === 'rename' && (
        <SceneNameDialog
          title={`Rename ${dialog.scene.name}`}
          initialName={dialog.scene.name}
          saveLabel="Rename"
          onClose={close}
          onSave={async (name) => {
            await client.call('compositor.scenes.update', { id: dialog.scene.id, name });
            close();
          }}
        />
      )}
      {dialog?.kind === 'remove' && (
        <ConfirmDialog
          title={`Delete ${dialog.scene.name}?`}
          confirmLabel="Delete scene"
          busyLabel="Deleting…"
          onCancel={close}
          onConfirm={async () => {
            await client.call('compositor.scenes.remove', { id: dialog.scene.id });
            close();
          }}
        >
          <p>
            The scene and its {dialog.scene.layers.length} layer{dialog.scene.layers.length === 1 ? '' : 's'} are deleted. Uploaded images stay.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
