import { useId, useState, type FormEvent } from 'react';
import type { ObsConnectionView, ObsPlacement } from '../../../src-main/obs/obs-contract';
import { useTopic } from '../../hooks/use-topic';
import { isLive } from './obs-format';
import { useApiClient } from '../../hooks/api-context';
import { errorMessage } from '../../api/api-client-error';
import { useProcedure } from '../../hooks/use-procedure';

/**
 * Sends a camera or published stream into an OBS scene as a media source that plays the engine's
 * live feed; the scene is created if needed and sending again replaces the source.
 */
export function SendCameraCard({ view }: { view: ObsConnectionView }) {
  const client = useApiClient();
  const formId = useId();
  const cameras = useTopic('cameras', {});
  const rtmp = useTopic('rtmp', {});
  const sources = [
    ...(cameras.data ?? []).map((c) => ({ id: c.id, name: c.name, kind: 'Camera', state: c.status.state })),
    ...(rtmp.data?.streams ?? []).map((s) => ({ id: s.sourceId, name: s.name, kind: 'Stream', state: s.status.state })),
  ];
  const [sourceId, setSourceId] = useState('');
  const [scene, setScene] = useState('Cameras');
  const [inputName, setInputName] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ObsPlacement | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const feeds = useProcedure('obs.feeds.list', {});
  const mine = (feeds.data ?? []).filter((f) => f.connectionId === view.id);
  const live = isLive(view);
  const chosen = sources.find((s) => s.id === sourceId) ?? sources[0];

  async function send(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setProblem(null);
    setResult(null);
    try {
      setResult(await client.call('obs.camera.place', { id: view.id, sourceId: chosen.id, scene: scene.trim(), ...(inputName.trim() ? { inputName: inputName.trim() } : {}) }));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
      feeds.reload();
    }
  }

  async function revoke(feedId: string) {
    setProblem(null);
    try {
      await client.call('obs.feeds.revoke', { feedId });
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      feeds.reload();
    }
  }

  return (
    <section className="card obs-card" aria-labelledby={`${formId}-title`} data-testid="obs-send-camera">
      <h2 id={`${formId}-title`}>Send a camera to OBS</h2>
      {sources.length === 0 ? (
        <p className="muted">No cameras or published streams yet: add a camera or publish to the RTMP server first.</p>
      ) : (
        <form className="obs-send-form" onSubmit={send}>
          <label>
            <span className="field-label">Source</span>
            <select value={chosen?.id ?? ''} onChange={(e) => setSourceId(e.target.value)} data-testid="obs-send-source">
              {sources.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.kind}: {s.name} {s.state === 'live' ? '' : `(${s.state})`}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="field-label">Into scene</span>
            <input type="text" list={`${formId}-scenes`} value={scene} onChange={(e) => setScene(e.target.value)} data-testid="obs-send-scene" />
            <datalist id={`${formId}-scenes`}>
              {view.obs.scenes.map((s) => (
                <option key={s.name} value={s.name} />
              ))}
            </datalist>
          </label>
          <label>
            <span className="field-label">As source</span>
            <input type="text" value={inputName} placeholder={chosen?.name ?? ''} onChange={(e) => setInputName(e.target.value)} data-testid="obs-send-input" />
          </label>
          <button type="submit" className="button primary" disabled={!live || busy || scene.trim() === ''} data-testid="obs-send">
            {busy ? 'Sending…' : 'Send to OBS'}
          </button>
        </form>
      )}
      <p className="field-help">A scene that does not exist is created; a source of that name is replaced. OBS reconnects to the feed by itself.</p>
      {result && (
        <p className="obs-result" role="status" data-testid="obs-send-result">
          “{result.inputName}” is in scene “{result.scene}”{result.createdScene ? ' (new scene)' : ''}
          {result.replaced ? ', replacing the earlier source' : ''}.
        </p>
      )}
      {mine.length > 0 && (
        <div className="obs-feeds" data-testid="obs-feeds">
          <h3>Camera feeds in this OBS</h3>
          <ul className="row-list">
            {mine.map((feed) => (
              <li key={feed.id} data-testid="obs-feed" data-input={feed.inputName}>
                <span>
                  “{feed.inputName}” in “{feed.sceneName}” <span className="obs-item-kind">{sources.find((s) => s.id === feed.sourceId)?.name ?? feed.sourceId}</span>
                </span>
                <button type="button" className="link-button" onClick={() => void revoke(feed.id)} title="OBS can no longer open this feed" data-testid="obs-feed-revoke">
                  Revoke
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {problem && (
        <p className="form-error" role="alert" data-testid="obs-send-problem">
          {problem}
        </p>
      )}
    </section>
  );
}
