import { useMemo } from 'react';
import { useFfmpegSelfTest } from '../../hooks/use-ffmpeg-self-test';
import { useMediaProcesses } from '../../hooks/use-media-processes';
import { useProcedure } from '../../hooks/use-procedure';
import { useTopic } from '../../hooks/use-topic';
import { FfmpegSelfTest } from './FfmpegSelfTest';
import { MediaProcessTable } from './MediaProcessTable';

/** The supervised FFmpeg processes, live, with their CPU and memory; and the FFmpeg self-test. */
export function MediaProcessesPanel() {
  const { processes, error, reread } = useMediaProcesses();
  // The engine drops the self-test's process without announcing it: read the list once it ends.
  const selfTest = useFfmpegSelfTest(reread);
  const children = useTopic('system.stats', {}).data?.children;
  const usage = useMemo(() => new Map((children ?? []).map((child) => [child.id, child])), [children]);
  const info = useProcedure('system.info', {}).data;

  return (
    <section className="card media-processes" data-testid="media-processes" aria-labelledby="media-processes-title">
      <h2 id="media-processes-title">Media processes</h2>
      {!processes ? (
        <p className={error ? 'text-error' : 'muted'}>{error ? `Could not list the processes: ${error.message}` : 'Loading…'}</p>
      ) : processes.length === 0 ? (
        <p className="muted process-empty" data-testid="media-processes-empty">
          No FFmpeg processes are running.
        </p>
      ) : (
        <MediaProcessTable processes={processes} usage={usage} />
      )}
      <FfmpegSelfTest info={info} run={selfTest.run} onStart={selfTest.start} />
    </section>
  );
}
