import type { EngineRouter } from '../app/engine';
import type { RtmpServer } from './rtmp-server';
import type { StreamKeyService } from './stream-key-service';
import type { StreamRecordingPolicies, StreamRecordingView } from './stream-recording';
import type { RecorderStatus } from '../recordings/recording-types';
import { rtmpSourceId } from './rtmp-server';

export function registerRtmpApi(
  api: EngineRouter,
  server: RtmpServer,
  keys: StreamKeyService,
  recording: StreamRecordingPolicies,
  recorderStatus: (sourceId: string) => RecorderStatus,
): void {
  const recordingView = (name: string): StreamRecordingView => ({
    name,
    sourceId: rtmpSourceId(name),
    recording: recording.policy(name),
    recorder: recorderStatus(rtmpSourceId(name)),
  });
  api.implement('rtmp.recording.list', () => recording.list().map(({ name }) => recordingView(name)));
  api.implement('rtmp.recording.set', async (input) => {
    await recording.set(input);
    return recordingView(input.name);
  });
  api.implement('rtmp.status', () => server.serverStatus());
  api.implement('rtmp.keys.list', () => keys.list());
  api.implement('rtmp.keys.create', async ({ name, expiresAt }) => {
    const created = await keys.create(name, expiresAt ? new Date(expiresAt).toISOString() : null);
    const status = server.serverStatus();
    const serverUrl = status.url;
    return {
      ...created.key,
      key: created.fullKey,
      obs: { server: serverUrl, streamKey: `<stream name>?key=${created.fullKey}` },
      example: serverUrl ? `${serverUrl}/<stream name>?key=${created.fullKey}` : null,
    };
  });
  api.implement('rtmp.keys.revoke', async ({ id }) => {
    const key = await keys.revoke(id);
    server.dropKey(id);
    return key;
  });
  api.implement('rtmp.sessions', () => server.listSessions());
  api.implement('rtmp.kick', ({ id }) => {
    server.kick(id);
    return { kicked: true as const };
  });
  api.implement('rtmp.rejections', () => ({ rejections: server.rejections(), blocked: server.blocked() }));
  api.implement('rtmp.unblock', ({ address }) => ({ unblocked: server.unblock(address) }));
  api.implement('rtmp.streams', () => server.listStreams());
  api.implement('rtmp.preview', ({ name }) => server.preview(name));
  api.provide('rtmp', {
    snapshot: () => server.overview(),
    subscribe: (_params, onChange) => {
      server.on('changed', onChange);
      return () => server.off('changed', onChange);
    },
  });
}
