import type { EngineRouter } from '../app/engine';
import type { ProcessSupervisor } from './supervisor';
import { runFfmpegSelfTest } from './ffmpeg-self-test';

export function registerMediaApi(api: EngineRouter, supervisor: ProcessSupervisor, ffmpegError: string | null): void {
  api.implement('media.processes', () => supervisor.list());
  api.implement('media.selfTest', ({ seconds }) => runFfmpegSelfTest(supervisor, ffmpegError, seconds));
  api.provide('media.processes', {
    snapshot: () => supervisor.list(),
    subscribe: (_params, onChange) => {
      // State edges only: progress arrives twice a second per process and is sampled by system.stats.
      const publish = () => onChange(supervisor.list());
      supervisor.on('state', publish);
      supervisor.on('removed', publish);
      return () => {
        supervisor.off('state', publish);
        supervisor.off('removed', publish);
      };
    },
  });
}
