import { useMemo, useState } from 'react';
import type { RouteInfo } from '../../app/routes';
import { errorMessage } from '../../api/api-client-error';
import { PageHeader } from '../../components/PageHeader';
import { useApiClient } from '../../hooks/api-context';
import { useProcedure } from '../../hooks/use-procedure';
import { useTopic } from '../../hooks/use-topic';
import { Monitors } from './Monitors';
import { OutputsPanel } from './OutputsPanel';
import { SceneEditor } from './SceneEditor';
import { SceneList } from './SceneList';
import { useAssetUrls } from './use-asset-urls';
import { videoSources } from './video-sources';
import './program.css';

/**
 * The vision mixer: preview and program monitors with Cut and Fade, the scene list, the
 * selected scene's canvas editor with its layers' properties, and the program outputs with
 * their live health. Everything follows the `compositor` topic (the whole overview on every
 * change and every second while outputs run).
 */
export function ProgramPage({ route }: { route: RouteInfo }) {
  const client = useApiClient();
  const compositor = useTopic('compositor', {});
  const cameras = useTopic('cameras', {});
  const rtmp = useTopic('rtmp', {});
  const fonts = useProcedure('compositor.fonts', {});
  const overview = compositor.data;
  const assetUrls = useAssetUrls(overview?.assets);
  const sources = useMemo(() => videoSources(cameras.data, rtmp.data?.streams), [cameras.data, rtmp.data?.streams]);
  const [chosenSceneId, setChosenSceneId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const scenes = overview?.scenes;
  const mixer = overview?.mixer;
  // The editor shows the scene last clicked; otherwise the one on preview, else on program, else the first.
  const editedScene =
    scenes?.find((s) => s.id === chosenSceneId) ??
    scenes?.find((s) => s.id === mixer?.previewSceneId) ??
    scenes?.find((s) => s.id === mixer?.programSceneId) ??
    scenes?.[0] ??
    null;

  async function choose(sceneId: string) {
    setChosenSceneId(sceneId);
    setProblem(null);
    // The scene on program opens in the editor but stays off preview: a take would change nothing.
    if (sceneId === mixer?.programSceneId) return;
    try {
      await client.call('compositor.mixer.setPreview', { sceneId });
    } catch (error) {
      setProblem(`Not put on preview: ${errorMessage(error)}`);
    }
  }

  const unavailable = compositor.error ? `The compositor cannot be reached: ${compositor.error.message}` : fonts.error?.code === 'unavailable' ? fonts.error.message : null;
  const programName = scenes?.find((s) => s.id === mixer?.programSceneId)?.name;
  const liveOutputs = overview?.outputs.filter((o) => o.status.state === 'live').length ?? 0;

  return (
    <div className="program-page">
      <PageHeader route={route}>
        <p className="page-subtitle" data-testid="program-summary">
          {overview
            ? `${overview.scenes.length} scene${overview.scenes.length === 1 ? '' : 's'} · on program: ${programName ?? 'nothing'} · ${liveOutputs} of ${overview.outputs.length} output${overview.outputs.length === 1 ? '' : 's'} live`
            : 'Loading…'}
        </p>
      </PageHeader>
      {unavailable && (
        <p className="form-error page-problem" role="alert" data-testid="program-unavailable">
          {unavailable}
        </p>
      )}
      {problem && (
        <p className="form-error page-problem" role="alert" data-testid="program-problem">
          {problem}
        </p>
      )}
      <Monitors scenes={scenes ?? []} mixer={mixer} outputs={overview?.outputs ?? []} />
      <div className="program-workspace">
        <SceneList
          scenes={scenes}
          mixer={mixer}
          selectedId={editedScene?.id ?? null}
          onChoose={(id) => void choose(id)}
          onCreated={(scene) => void choose(scene.id)}
        />
        {editedScene ? (
          <SceneEditor
            key={editedScene.id}
            scene={editedScene}
            mixer={mixer}
            fonts={fonts.data}
            sources={sources}
            assets={overview?.assets ?? []}
            assetUrls={assetUrls}
          />
        ) : (
          <section className="card program-card editor-empty" data-testid="editor-empty">
            <h2>Canvas</h2>
            <p className="muted">Create a scene to lay out its layers here.</p>
          </section>
        )}
      </div>
      <OutputsPanel outputs={overview?.outputs} graphics={overview?.graphics} />
    </div>
  );
}
