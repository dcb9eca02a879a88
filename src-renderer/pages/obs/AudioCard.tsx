import { useEffect, useRef, useState } from 'react';
import type { ObsConnectionView, ObsInput, ObsInputMeter } from '../../../src-main/obs/obs-contract';
import { useTopic } from '../../hooks/use-topic';
import { formatDb, isLive, meterFraction } from './obs-format';
import { useObsAction } from './use-obs-action';

/** How long a fader rests before its value is sent: a drag is one change, not fifty. */
const VOLUME_SETTLE_MS = 150;

/** Audio inputs with mute, volume and (opt-in) live meters; other inputs listed with their kind. */
export function AudioCard({ view }: { view: ObsConnectionView }) {
  const [meters, setMeters] = useState(false);
  const live = isLive(view);
  const audio = view.obs.inputs.filter((i) => i.muted !== null);
  const other = view.obs.inputs.filter((i) => i.muted === null);
  return (
    <section className="card obs-card" aria-labelledby="obs-audio-title" data-testid="obs-audio">
      <div className="card-heading">
        <h2 id="obs-audio-title">Inputs</h2>
        <label className="check">
          <input type="checkbox" checked={meters} onChange={(e) => setMeters(e.target.checked)} disabled={!live} data-testid="obs-meters-toggle" />
          Audio meters
        </label>
      </div>
      {audio.length === 0 && <p className="muted">{live ? 'No audio inputs.' : 'Inputs appear once OBS is connected.'}</p>}
      {audio.length > 0 && (meters && live ? <MeteredMixer view={view} inputs={audio} /> : <Mixer view={view} inputs={audio} meters={null} />)}
      {other.length > 0 && (
        <details className="obs-other-inputs">
          <summary>
            {other.length} other input{other.length === 1 ? '' : 's'}
          </summary>
          <ul>
            {other.map((input) => (
              <li key={input.name}>
                {input.name} <span className="obs-item-kind">{input.kind}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** Subscribed only while shown: OBS sends meter events only while someone listens. */
function MeteredMixer({ view, inputs }: { view: ObsConnectionView; inputs: ObsInput[] }) {
  const meters = useTopic('obs.meters', { id: view.id });
  const byInput = new Map((meters.data?.live ? meters.data.inputs : []).map((m) => [m.input, m]));
  return <Mixer view={view} inputs={inputs} meters={byInput} />;
}

function Mixer({ view, inputs, meters }: { view: ObsConnectionView; inputs: ObsInput[]; meters: Map<string, ObsInputMeter> | null }) {
  const action = useObsAction();
  return (
    <>
      <ul className="obs-mixer">
        {inputs.map((input) => (
          <Channel key={input.name} view={view} input={input} meter={meters ? (meters.get(input.name) ?? null) : undefined} action={action} />
        ))}
      </ul>
      {action.problem && (
        <p className="form-error" role="alert" data-testid="obs-audio-problem">
          {action.problem}
        </p>
      )}
    </>
  );
}

interface ChannelProps {
  view: ObsConnectionView;
  input: ObsInput;
  /** undefined: meters off; null: on, but no level (silent or inactive). */
  meter: ObsInputMeter | null | undefined;
  action: ReturnType<typeof useObsAction>;
}

function Channel({ view, input, meter, action }: ChannelProps) {
  const live = isLive(view);
  const [draft, setDraft] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const volume = draft ?? input.volumeDb ?? -100;

  function changeVolume(db: number) {
    setDraft(db);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      void action.run(`volume:${input.name}`, 'obs.input.volume', { id: view.id, input: input.name, volumeDb: db }).finally(() => setDraft(null));
    }, VOLUME_SETTLE_MS);
  }

  const peak = meter ? Math.max(-100, ...meter.peakDb) : -100;
  const level = meter ? Math.max(-100, ...meter.levelDb) : -100;
  return (
    <li className={input.muted ? 'obs-channel muted-channel' : 'obs-channel'} data-testid="obs-input" data-input={input.name} data-muted={input.muted}>
      <div className="obs-channel-head">
        <span className="obs-channel-name">{input.name}</span>
        <span className="obs-item-kind">{input.kind}</span>
      </div>
      <div className="obs-channel-controls">
        <button
          type="button"
          className={input.muted ? 'button obs-mute on' : 'button obs-mute'}
          aria-pressed={Boolean(input.muted)}
          disabled={!live}
          onClick={() => void action.run(`mute:${input.name}`, 'obs.input.mute', { id: view.id, input: input.name, muted: !input.muted })}
          data-testid="obs-input-mute"
        >
          {input.muted ? 'Muted' : 'Mute'}
        </button>
        <input
          type="range"
          className="obs-fader"
          min={-60}
          max={6}
          step={0.5}
          value={Math.max(-60, volume)}
          disabled={!live}
          aria-label={`${input.name} volume`}
          onChange={(e) => changeVolume(Number(e.target.value))}
          data-testid="obs-input-volume"
        />
        <span className="obs-db mono">{formatDb(volume <= -60 ? -100 : volume)}</span>
      </div>
      {meter !== undefined && (
        <div className="obs-meter" aria-hidden="true" data-testid="obs-input-meter">
          <div className={`obs-meter-level${peak > -3 ? ' hot' : peak > -12 ? ' warm' : ''}`} style={{ width: `${meterFraction(level) * 100}%` }} />
          <div className="obs-meter-peak" style={{ left: `${meterFraction(peak) * 100}%` }} />
        </div>
      )}
    </li>
  );
}
