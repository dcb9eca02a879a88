import { useState } from 'react';
import type { ObsConnectionView, ObsScene } from '../../../src-main/obs/obs-contract';
import { isLive } from './obs-format';
import { useObsAction } from './use-obs-action';

/**
 * The scene switcher: program in red (tally), preview in green. Without studio mode a click
 * puts a scene on air; with it, a click sets the preview and "Transition" takes it to program.
 */
export function ScenesCard({ view }: { view: ObsConnectionView }) {
  const action = useObsAction();
  const live = isLive(view);
  const { obs } = view;
  const [itemsScene, setItemsScene] = useState<string | null>(null);
  const shownScene = obs.scenes.find((s) => s.name === (itemsScene ?? (obs.studioMode ? obs.previewScene : obs.programScene))) ?? obs.scenes[0];

  function pick(scene: string) {
    setItemsScene(null);
    if (obs.studioMode) void action.run(`scene:${scene}`, 'obs.scene.preview', { id: view.id, scene });
    else void action.run(`scene:${scene}`, 'obs.scene.program', { id: view.id, scene });
  }

  return (
    <section className="card obs-card" aria-labelledby="obs-scenes-title" data-testid="obs-scenes">
      <div className="card-heading">
        <h2 id="obs-scenes-title">Scenes</h2>
        <button
          type="button"
          className={obs.studioMode ? 'button obs-studio-toggle on' : 'button obs-studio-toggle'}
          aria-pressed={obs.studioMode}
          disabled={!live || action.busy !== null}
          onClick={() => void action.run('studio', 'obs.studioMode', { id: view.id, enabled: !obs.studioMode })}
          data-testid="obs-studio-mode"
          data-on={obs.studioMode}
        >
          Studio mode: {obs.studioMode ? 'on' : 'off'}
        </button>
      </div>
      <div className="obs-tally-line">
        {obs.studioMode && (
          <span className="obs-tally preview" data-testid="obs-preview-scene">
            Preview <strong>{obs.previewScene ?? '—'}</strong>
          </span>
        )}
        <span className="obs-tally program" data-testid="obs-program-scene">
          Program <strong>{obs.programScene ?? '—'}</strong>
        </span>
        {obs.studioMode && (
          <button
            type="button"
            className="button primary obs-take"
            disabled={!live || action.busy !== null || !obs.previewScene}
            onClick={() => void action.run('transition', 'obs.transition', { id: view.id })}
            data-testid="obs-transition"
          >
            Transition ▶
          </button>
        )}
      </div>
      {!live && obs.scenes.length > 0 && (
        <p className="obs-stale-note" data-testid="obs-stale-note">
          Last known state: OBS is not connected.
        </p>
      )}
      {obs.scenes.length === 0 ? (
        <p className="muted">{live ? 'This OBS has no scenes.' : 'Scenes appear once OBS is connected.'}</p>
      ) : (
        <div className="obs-scene-grid" role="group" aria-label="Scenes">
          {obs.scenes.map((scene) => {
            const onProgram = scene.name === obs.programScene;
            const onPreview = obs.studioMode && scene.name === obs.previewScene;
            return (
              <button
                key={scene.name}
                type="button"
                className={`obs-scene${onProgram ? ' program' : ''}${onPreview ? ' preview' : ''}`}
                aria-pressed={obs.studioMode ? onPreview : onProgram}
                disabled={!live || action.busy !== null}
                onClick={() => pick(scene.name)}
                data-testid="obs-scene"
                data-scene={scene.name}
                data-program={onProgram}
                data-preview={onPreview}
              >
                <span className="obs-scene-name">{scene.name}</span>
                <span className="obs-scene-meta">
                  {onProgram ? 'PROGRAM' : onPreview ? 'PREVIEW' : `${scene.items.length} item${scene.items.length === 1 ? '' : 's'}`}
                </span>
              </button>
            );
          })}
        </div>
      )}
      {action.problem && (
        <p className="form-error" role="alert" data-testid="obs-scenes-problem">
          {action.problem}
        </p>
      )}
      {shownScene && <SceneItems view={view} scenes={obs.scenes} scene={shownScene} onPickScene={setItemsScene} live={live} />}
    </section>
  );
}

function SceneItems({ view, scenes, scene, onPickScene, live }: { view: ObsConnectionView; scenes: ObsScene[]; scene: ObsScene; onPickScene(name: string): void; live: boolean }) {
  const action = useObsAction();
  return (
    <div className="obs-items" data-testid="obs-scene-items" data-scene={scene.name}>
      <div className="obs-items-heading">
        <label htmlFor="obs-items-scene">Items of</label>
        <select id="obs-items-scene" value={scene.name} onChange={(e) => onPickScene(e.target.value)} data-testid="obs-items-scene">
          {scenes.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      {scene.items.length === 0 ? (
        <p className="muted">No items in this scene.</p>
      ) : (
        <ul className="row-list">
          {scene.items.map((item) => (
            <li key={item.id} className={item.enabled ? 'obs-item' : 'obs-item hidden-item'} data-testid="obs-scene-item" data-item={item.sourceName} data-enabled={item.enabled}>
              <button
                type="button"
                className="icon-button obs-eye"
                aria-pressed={item.enabled}
                aria-label={`${item.enabled ? 'Hide' : 'Show'} ${item.sourceName}`}
                title={item.enabled ? 'Visible: click to hide' : 'Hidden: click to show'}
                disabled={!live || action.busy !== null}
                onClick={() => void action.run(`item:${item.id}`, 'obs.sceneItem.enabled', { id: view.id, scene: scene.name, itemId: item.id, enabled: !item.enabled })}
                data-testid="obs-item-toggle"
              >
                <EyeIcon open={item.enabled} />
              </button>
              <span className="obs-item-name">{item.sourceName}</span>
              <span className="obs-item-kind">{item.inputKind ?? 'scene / group'}</span>
            </li>
          ))}
        </ul>
      )}
      {action.problem && (
        <p className="form-error" role="alert">
          {action.problem}
        </p>
      )}
    </div>
  );
}

/** An open eye (shown) or a struck-through one (hidden): fonts without emoji render these too. */
function EyeIcon({ open }: { open: boolean }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
      <circle cx="12" cy="12" r="3" />
      {!open && <line x1="3" y1="3" x2="21" y2="21" />}
    </svg>
  );
}
