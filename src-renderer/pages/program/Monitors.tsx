import { useEffect, useState, type ReactNode } from 'react';
import type { MixerView, OutputView, SceneView } from '../../../src-main/compositor/compositor-schema';
import { errorMessage } from '../../api/api-client-error';
import { useApiClient } from '../../hooks/api-context';
import { useIsConnected } from '../../hooks/use-connection-state';
import { TransitionProgress } from './TransitionProgress';
import { useOutputPreview } from './use-output-preview';
import { useSceneStill } from './use-scene-still';

/** Width of the stills the monitors ask for. */
const MONITOR_STILL_WIDTH = 640;
const TRANSITION_MS_KEY = 'control-room.program.transitionMs';

interface MonitorsProps {
  scenes: SceneView[];
  mixer: MixerView | undefined;
  outputs: OutputView[];
}

/** Preview (green) and program (red) side by side, with Cut, Fade and the fade's length between them. */
export function Monitors({ scenes, mixer, outputs }: MonitorsProps) {
  const previewScene = scenes.find((s) => s.id === mixer?.previewSceneId) ?? null;
  const programScene = scenes.find((s) => s.id === mixer?.programSceneId) ?? null;
  const liveOutput = outputs.find((o) => o.status.state === 'live') ?? null;

  return (
    <section className="monitors" aria-label="Preview and program" data-testid="monitors">
      <PreviewMonitor scene={previewScene} hasScenes={scenes.length > 0} />
      <TransitionControls mixer={mixer} canTake={previewScene !== null} />
      <ProgramMonitor scene={programScene} output={liveOutput} />
    </section>
  );
}

function MonitorHeading({ tally, label, name, children }: { tally: 'preview' | 'program'; label: string; name: string | null; children?: ReactNode }) {
  return (
    <div className="monitor-heading">
      <span className={`tally-badge ${tally}`}>{label}</span>
      <strong className="monitor-scene truncate" data-testid={`${tally}-scene-name`}>
        {name ?? 'No scene'}
      </strong>
      {children}
    </div>
  );
}

function PreviewMonitor({ scene, hasScenes }: { scene: SceneView | null; hasScenes: boolean }) {
  const still = useSceneStill(scene?.id ?? null, MONITOR_STILL_WIDTH, true);
  return (
    <div className="monitor tally-preview" data-testid="preview-monitor" data-scene-id={scene?.id ?? ''}>
      <MonitorHeading tally="preview" label="Preview" name={scene?.name ?? null} />
      <div className="monitor-picture">
        {still.url && <img src={still.url} alt={`Preview: ${scene?.name ?? ''}`} data-testid="preview-still" />}
        {!scene && <p className="monitor-slate">{hasScenes ? 'Click a scene to put it on preview.' : 'Create a scene: it comes on preview.'}</p>}
        {scene && !still.url && <p className="monitor-slate">{still.problem ? `No picture: ${still.problem}` : 'Loading…'}</p>}
      </div>
      <p className="monitor-caption muted">Still of the scene, renewed every second.</p>
    </div>
  );
}

function ProgramMonitor({ scene, output }: { scene: SceneView | null; output: OutputView | null }) {
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const connected = useIsConnected();
  const preview = useOutputPreview(video, output?.id ?? null, connected && output !== null);
  const playing = preview?.kind === 'playing';
  // Without a running output (or until its picture plays) the monitor shows stills of the program scene.
  const still = useSceneStill(scene?.id ?? null, MONITOR_STILL_WIDTH, !playing);
  const mode = playing ? 'live' : still.url ? 'still' : 'none';

  return (
    <div className="monitor tally-program" data-testid="program-monitor" data-scene-id={scene?.id ?? ''} data-mode={mode}>
      <MonitorHeading tally="program" label="Program" name={scene?.name ?? null}>
        {playing && (
          <span className="monitor-live" data-testid="program-live">
            <span className="live-dot-on" aria-hidden="true" /> On air · {output?.name}
          </span>
        )}
      </MonitorHeading>
      <div className="monitor-picture">
        <video ref={setVideo} className={playing ? undefined : 'hidden-picture'} muted playsInline disablePictureInPicture data-testid="program-video" data-preview={preview?.kind ?? 'off'} />
        {!playing && still.url && <img src={still.url} alt={`Program: ${scene?.name ?? ''}`} data-testid="program-still" />}
        {!playing && !still.url && <p className="monitor-slate">{scene ? (still.problem ? `No picture: ${still.problem}` : 'Loading…') : 'Nothing on program. Put a scene on preview and press Cut.'}</p>}
      </div>
      <p className="monitor-caption muted">
        {playing
          ? `The output ${output?.name} as it goes out (${output?.resolution}, ${output?.fps} fps).`
          : output
            ? `Opening the output ${output.name}…`
            : scene
              ? 'No output running: still of the program scene, renewed every second.'
              : 'No output running.'}
      </p>
    </div>
  );
}

function initialDuration(): string {
  try {
    return window.localStorage.getItem(TRANSITION_MS_KEY) ?? '1000';
  } catch {
    return '1000';
  }
}

function TransitionControls({ mixer, canTake }: { mixer: MixerView | undefined; canTake: boolean }) {
  const client = useApiClient();
  const [duration, setDuration] = useState(initialDuration);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const ms = Number(duration);
  const durationValid = Number.isInteger(ms) && ms >= 100 && ms <= 10_000;
  const running = mixer?.transition ?? null;

  useEffect(() => {
    try {
      if (durationValid) window.localStorage.setItem(TRANSITION_MS_KEY, String(ms));
    } catch {
      // Private windows may refuse storage: the length is then not remembered.
    }
  }, [ms, durationValid]);

  async function take(transition: 'cut' | 'fade') {
    setBusy(true);
    setProblem(null);
    try {
      await client.call('compositor.mixer.take', transition === 'cut' ? { transition } : { transition, durationMs: ms });
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const blocked = busy || !canTake || running !== null;
  return (
    <div className="transition-controls" data-testid="transition-controls">
      <button type="button" className="button take-button cut" disabled={blocked} onClick={() => void take('cut')} title="Preview to program at once" data-testid="take-cut">
        Cut
      </button>
      <button
        type="button"
        className="button take-button fade"
        disabled={blocked || !durationValid}
        onClick={() => void take('fade')}
        title="Preview to program with a fade"
        data-testid="take-fade"
      >
        Fade
      </button>
      <label className="transition-length">
        <span>Fade length</span>
        <span className="transition-length-input">
          <input
            type="number"
            className="number-input"
            min={100}
            max={10_000}
            step={100}
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
            aria-invalid={durationValid ? undefined : true}
            data-testid="transition-ms"
          />
          <span className="field-unit">ms</span>
        </span>
      </label>
      {!durationValid && <p className="field-error">100 to 10 000 ms</p>}
      <TransitionProgress transition={running} />
      {!canTake && <p className="transition-note muted">Put a scene on preview first.</p>}
      {problem && (
        <p className="form-error" role="alert" data-testid="take-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
