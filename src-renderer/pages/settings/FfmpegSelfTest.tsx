import type { SystemInfo } from '../../../src-main/api/contract';
import { useIsConnected } from '../../hooks/use-connection-state';
import { SELF_TEST_SECONDS, type SelfTestRun } from '../../hooks/use-ffmpeg-self-test';
import { selfTestSummary } from './media-process-format';

interface FfmpegSelfTestProps {
  info: SystemInfo | undefined;
  run: SelfTestRun;
  onStart(): void;
}

/** The "Run FFmpeg self-test" button, why it cannot run, and what the last run found. */
export function FfmpegSelfTest({ info, run, onStart }: FfmpegSelfTestProps) {
  const connected = useIsConnected();
  const blocked = !info ? 'Checking for FFmpeg…' : !info.ffmpeg ? 'Unavailable: this engine has no working FFmpeg (see System above).' : null;
  const running = run.status === 'running';

  return (
    <div className="self-test" data-testid="ffmpeg-self-test">
      <div className="self-test-intro">
        <p className={blocked && info ? 'text-error' : 'muted'} data-testid="ffmpeg-self-test-note">
          {blocked ?? `Encodes a 720p30 test pattern for ${SELF_TEST_SECONDS} s.`}
        </p>
        <button
          type="button"
          className="button"
          onClick={onStart}
          disabled={!connected || running || blocked !== null}
          title={blocked ?? 'Proves FFmpeg runs here and encodes in real time'}
          data-testid="ffmpeg-self-test-run"
        >
          Run FFmpeg self-test
        </button>
      </div>
      <div aria-live="polite" data-testid="ffmpeg-self-test-status" data-status={run.status}>
        <Outcome run={run} />
      </div>
    </div>
  );
}

function Outcome({ run }: { run: SelfTestRun }) {
  switch (run.status) {
    case 'idle':
      return null;
    case 'running':
      return (
        <p className="self-test-outcome running">
          <span className="spinner" aria-hidden="true" /> Encoding a 720p30 test pattern…
        </p>
      );
    case 'done':
      return <Result ok={run.result.ok} text={selfTestSummary(run.result)} />;
    case 'error':
      return <Result ok={false} text={`Failed: ${run.message}`} />;
  }
}

function Result({ ok, text }: { ok: boolean; text: string }) {
  return (
    <p className={ok ? 'self-test-outcome ok' : 'self-test-outcome error'} data-testid="ffmpeg-self-test-result">
      <span className={ok ? 'status-dot ok' : 'status-dot error'} aria-hidden="true" />
      {text}
    </p>
  );
}
