import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { OBSWebSocket } from 'obs-websocket-js/json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView, CreatedStreamKey, RtmpServerStatus, RtmpStreamView } from '../../../src-main/api/contract';
import type { ObsConnectionView, ObsFeedView, ObsMeters, ObsPlacement } from '../../../src-main/obs/obs-contract';
import { apiCaller } from '../../fixtures/api-caller';
import { freePort } from '../../fixtures/engine-process';
import { FIXTURE_AUDIO_INPUT, FIXTURE_ITEM, FIXTURE_SCENES, startObs, type ObsFixture } from '../../fixtures/obs/obs-process';
import { waitFor } from '../../fixtures/wait-for';

/**
 * The OBS domain against a real OBS Studio under Xvfb (obs-websocket 5), through the engine's
 * HTTP API, with a second obs-websocket client acting as OBS's own operator.
 */
const TOKEN = 'obs-test-token-0123456789abcdef';

let engine: Engine;
let dataDir: string;
let obs: ObsFixture;
let other: OBSWebSocket;
let connectionId: string;
const { call, ok } = apiCaller(() => engine.url, TOKEN);

async function view(id = connectionId): Promise<ObsConnectionView> {
  const found = (await ok<ObsConnectionView[]>('obs.list')).find((c) => c.id === id);
  if (!found) throw new Error(`connection ${id} is gone`);
  return found;
}

async function waitConnected(id = connectionId, what = 'OBS connected'): Promise<ObsConnectionView> {
  return waitFor(what, async () => {
    const v = await view(id);
    return v.status.state === 'connected' ? v : null;
  });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-obs-'));
  obs = await startObs();
  other = await obs.client();
  engine = await createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false, logLevel: 'debug' });
  const added = await ok<ObsConnectionView>('obs.add', { name: 'Main OBS', host: '127.0.0.1', port: obs.port, password: obs.password });
  connectionId = added.id;
  await waitConnected();
});

afterAll(async () => {
  await other?.disconnect().catch(() => undefined);
  await engine?.close();
  await obs?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('connections', () => {
  it('mirrors OBS once connected, and never returns or logs the password', async () => {
    const v = await view();
    expect(v.hasPassword).toBe(true);
    expect(v.status.obsVersion).toMatch(/^\d+\.\d+/);
    expect(v.obs.scenes.map((s) => s.name)).toEqual([...FIXTURE_SCENES]);
    expect(v.obs.programScene).toBe(FIXTURE_SCENES[0]);
    expect(v.obs.scenes[0]!.items.map((i) => i.sourceName)).toEqual([FIXTURE_ITEM]);
    const music = v.obs.inputs.find((i) => i.name === FIXTURE_AUDIO_INPUT);
    expect(music).toMatchObject({ kind: 'ffmpeg_source', muted: false, volumeDb: 0 });
    expect(v.obs.inputs.find((i) => i.name === FIXTURE_ITEM)?.muted).toBeNull();
    await waitFor('stats polled', async () => (await view()).obs.stats?.activeFps);

    expect(JSON.stringify(await ok('obs.list'))).not.toContain(obs.password);
    const logs = fs.readdirSync(path.join(dataDir, 'logs')).map((f) => fs.readFileSync(path.join(dataDir, 'logs', f), 'utf8')).join('\n');
    expect(logs).toContain('OBS connected');
    expect(logs).not.toContain(obs.password);
  });

  it('shows a wrong password as the reason and keeps retrying', async () => {
    const added = await ok<ObsConnectionView>('obs.add', { name: 'Wrong password', host: '127.0.0.1', port: obs.port, password: 'not-the-password' });
    const failed = await waitFor('wrong password reported', async () => {
      const v = await view(added.id);
      return v.status.lastFailure?.kind === 'wrong_password' && v.status.state !== 'connected' ? v : null;
    });
    expect(failed.status.lastFailure?.message).toMatch(/wrong password/);
    expect(['retrying', 'connecting']).toContain(failed.status.state);
    // Fixing the password connects it.
    await ok('obs.update', { id: added.id, password: obs.password });
    await waitConnected(added.id, 'fixed password connects');
    await ok('obs.remove', { id: added.id });
    expect((await ok<ObsConnectionView[]>('obs.list')).some((c) => c.id === added.id)).toBe(false);
  });

  it('reports an unreachable host as refused, and a silent one as timed out (never stuck connecting)', async () => {
    const refusedPort = await freePort();
    const refused = await ok<ObsConnectionView>('obs.add', { name: 'Nobody home', host: '127.0.0.1', port: refusedPort });
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as net.AddressInfo).port;
    const timedOut = await ok<ObsConnectionView>('obs.add', { name: 'Silent', host: '127.0.0.1', port: silentPort });
    try {
      const r = await waitFor('refused reported', async () => ((await view(refused.id)).status.lastFailure?.kind === 'refused' ? view(refused.id) : null));
      expect(r.status.lastFailure?.message).toMatch(/refused/);
      const t = await waitFor('timeout reported', async () => ((await view(timedOut.id)).status.lastFailure?.kind === 'timeout' ? view(timedOut.id) : null));
      expect(t.status.lastFailure?.message).toMatch(/timed out/);
      // A request to an unconnected OBS is refused at once with the reason.
      const res = await call<{ error: { code: string; message: string } }>('obs.scene.program', { id: refused.id, scene: 'Scene A' });
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(/Nobody home.*not connected.*refused/);
    } finally {
      silent.close();
      await ok('obs.remove', { id: refused.id });
      await ok('obs.remove', { id: timedOut.id });
    }
  });

  it('refuses bad connection input naming the field', async () => {
    const res = await call<{ error: { code: string; message: string } }>('obs.add', { name: 'x', host: 'ws://bad host/', port: 70000 });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/host/);
    expect(res.body.error.message).toMatch(/port/);
  });
});

describe('scenes and inputs', () => {
  it('follows a scene switched inside OBS, and OBS follows a switch from the control room', async () => {
    await other.call('SetCurrentProgramScene', { sceneName: FIXTURE_SCENES[1] });
    await waitFor('control room sees Scene B', async () => (await view()).obs.programScene === FIXTURE_SCENES[1]);

    const changed = new Promise<string>((resolve) => other.once('CurrentProgramSceneChanged', ({ sceneName }) => resolve(sceneName)));
    const after = await ok<ObsConnectionView>('obs.scene.program', { id: connectionId, scene: FIXTURE_SCENES[0] });
    expect(await changed).toBe(FIXTURE_SCENES[0]);
    expect((await other.call('GetCurrentProgramScene')).currentProgramSceneName).toBe(FIXTURE_SCENES[0]);
    expect(after.id).toBe(connectionId);
  });

  it('refuses unknown scene, input and item names with a clear error, changing nothing', async () => {
    const scene = await call<{ error: { code: string; message: string } }>('obs.scene.program', { id: connectionId, scene: 'No Such Scene' });
    expect(scene.status).toBe(404);
    expect(scene.body.error.message).toContain('no scene “No Such Scene”');
    const input = await call<{ error: { message: string } }>('obs.input.mute', { id: connectionId, input: 'No Such Input', muted: true });
    expect(input.status).toBe(404);
    expect(input.body.error.message).toContain('no input “No Such Input”');
    const item = await call<{ error: { message: string } }>('obs.sceneItem.enabled', { id: connectionId, scene: FIXTURE_SCENES[0], itemId: 999, enabled: false });
    expect(item.status).toBe(404);
    expect(item.body.error.message).toContain('no item 999');
    const noAudio = await call<{ error: { message: string } }>('obs.input.volume', { id: connectionId, input: FIXTURE_ITEM, volumeDb: -6 });
    expect(noAudio.status).toBe(400);
    expect(noAudio.body.error.message).toContain('has no audio');
    const unknown = await call<{ error: { message: string } }>('obs.scene.program', { id: 'nope', scene: 'Scene A' });
    expect(unknown.status).toBe(404);
    expect((await other.call('GetCurrentProgramScene')).currentProgramSceneName).toBe(FIXTURE_SCENES[0]);
  });

  it('hides and shows a scene item, mutes and sets volume, both ways', async () => {
    const itemId = (await view()).obs.scenes[0]!.items[0]!.id;
    await ok('obs.sceneItem.enabled', { id: connectionId, scene: FIXTURE_SCENES[0], itemId, enabled: false });
    expect((await other.call('GetSceneItemEnabled', { sceneName: FIXTURE_SCENES[0], sceneItemId: itemId })).sceneItemEnabled).toBe(false);
    await other.call('SetSceneItemEnabled', { sceneName: FIXTURE_SCENES[0], sceneItemId: itemId, sceneItemEnabled: true });
    await waitFor('item shown again', async () => (await view()).obs.scenes[0]!.items[0]!.enabled);

    await ok('obs.input.mute', { id: connectionId, input: FIXTURE_AUDIO_INPUT, muted: true });
    expect((await other.call('GetInputMute', { inputName: FIXTURE_AUDIO_INPUT })).inputMuted).toBe(true);
    await ok('obs.input.volume', { id: connectionId, input: FIXTURE_AUDIO_INPUT, volumeDb: -12 });
    expect(Math.round((await other.call('GetInputVolume', { inputName: FIXTURE_AUDIO_INPUT })).inputVolumeDb)).toBe(-12);
    await other.call('SetInputMute', { inputName: FIXTURE_AUDIO_INPUT, inputMuted: false });
    await other.call('SetInputVolume', { inputName: FIXTURE_AUDIO_INPUT, inputVolumeDb: -3 });
    await waitFor('mute and volume from OBS', async () => {
      const music = (await view()).obs.inputs.find((i) => i.name === FIXTURE_AUDIO_INPUT);
      return music?.muted === false && music.volumeDb === -3;
    });
  });

  it('runs studio mode: preview, transition, off', async () => {
    const preview = await call<{ error: { message: string } }>('obs.scene.preview', { id: connectionId, scene: FIXTURE_SCENES[1] });
    expect(preview.status).toBe(409);
    expect(preview.body.error.message).toContain('not in studio mode');
    await ok('obs.studioMode', { id: connectionId, enabled: true });
    await waitFor('studio mode on', async () => (await view()).obs.studioMode);
    await ok('obs.scene.preview', { id: connectionId, scene: FIXTURE_SCENES[1] });
    await waitFor('preview is Scene B', async () => (await view()).obs.previewScene === FIXTURE_SCENES[1]);
    expect((await other.call('GetCurrentPreviewScene')).currentPreviewSceneName).toBe(FIXTURE_SCENES[1]);
    await ok('obs.transition', { id: connectionId });
    await waitFor('program is Scene B after the transition', async () => (await view()).obs.programScene === FIXTURE_SCENES[1]);
    await ok('obs.studioMode', { id: connectionId, enabled: false });
    await waitFor('studio mode off', async () => !(await view()).obs.studioMode);
    expect((await other.call('GetStudioModeEnabled')).studioModeEnabled).toBe(false);
  });

  it('applies a batch as one request batch, and refuses a batch with an unknown name before sending any of it', async () => {
    const res = await ok<{ results: Array<{ ok: boolean }>; connection: ObsConnectionView }>('obs.batch', {
      id: connectionId,
      operations: [
        { op: 'createScene', scene: 'Batch Scene' },
        { op: 'setProgramScene', scene: 'Batch Scene' },
        { op: 'setInputMute', input: FIXTURE_AUDIO_INPUT, muted: true },
      ],
    });
    expect(res.results.every((r) => r.ok)).toBe(true);
    expect(res.connection.obs.scenes.map((s) => s.name)).toContain('Batch Scene');
    expect((await other.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Batch Scene');

    const bad = await call<{ error: { message: string } }>('obs.batch', {
      id: connectionId,
      operations: [
        { op: 'setProgramScene', scene: FIXTURE_SCENES[0] },
        { op: 'setInputMute', input: 'Ghost', muted: false },
      ],
    });
    expect(bad.status).toBe(404);
    expect(bad.body.error.message).toContain('operation 2');
    expect(bad.body.error.message).toContain('“Ghost”');
    expect((await other.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Batch Scene');
    await ok('obs.scene.program', { id: connectionId, scene: FIXTURE_SCENES[0] });
  });

  it('delivers audio meters only to a subscriber, as an opt-in', async () => {
    const messages: ObsMeters[] = [];
    const unsubscribe = await engine.dispatcher.subscribe('obs.meters', { id: connectionId }, (_kind, data) => messages.push(data as ObsMeters));
    try {
      await waitFor('a live meters message', async () => messages.some((m) => m.live && m.id === connectionId));
    } finally {
      unsubscribe();
    }
  });
});

describe('cameras into OBS', () => {
  let cameraId: string;

  beforeAll(async () => {
    const camera = await ok<CameraView>('cameras.add', { name: 'Ball Cam', url: 'test://ball?size=320x240&fps=25' });
    cameraId = camera.id;
    await waitFor('camera live', async () => (await ok<CameraView[]>('cameras.list')).find((c) => c.id === cameraId)?.status.state === 'live');
  });

  it('places a camera into a new scene, idempotently, and OBS plays it', async () => {
    const first = await ok<ObsPlacement>('obs.camera.place', { id: connectionId, sourceId: cameraId, scene: 'Cameras' });
    expect(first).toMatchObject({ scene: 'Cameras', inputName: 'Ball Cam', createdScene: true, replaced: false });
    expect(first.url).not.toMatch(/ticket=feed\./);
    const items = (await other.call('GetSceneItemList', { sceneName: 'Cameras' })).sceneItems;
    expect(items.map((i) => i.sourceName)).toEqual(['Ball Cam']);
    const settings = (await other.call('GetInputSettings', { inputName: 'Ball Cam' })) as { inputKind: string; inputSettings: { input: string; is_local_file: boolean } };
    expect(settings.inputKind).toBe('ffmpeg_source');
    expect(settings.inputSettings.is_local_file).toBe(false);
    expect(settings.inputSettings.input).toContain(`/media/live/${cameraId}.flv?ticket=feed.`);

    // The feed URL is a working credential for this source only.
    const feedUrl = settings.inputSettings.input;
    const media = await fetch(feedUrl);
    expect(media.status).toBe(200);
    await media.body?.cancel();
    const wrong = await fetch(feedUrl.replace(/.{4}$/, 'AAAA'));
    expect(wrong.status).toBe(401);

    // OBS really plays it.
    await waitFor('OBS plays the camera', async () => (await other.call('GetMediaInputStatus', { inputName: 'Ball Cam' })).mediaState === 'OBS_MEDIA_STATE_PLAYING');

    const second = await ok<ObsPlacement>('obs.camera.place', { id: connectionId, sourceId: cameraId, scene: 'Cameras' });
    expect(second).toMatchObject({ createdScene: false, replaced: true, sceneItemId: first.sceneItemId });
    const again = (await other.call('GetSceneItemList', { sceneName: 'Cameras' })).sceneItems;
    expect(again.filter((i) => i.sourceName === 'Ball Cam')).toHaveLength(1);
    // The first URL's credential was replaced with the input's settings.
    expect((await fetch(feedUrl)).status).toBe(401);
    const feeds = await ok<ObsFeedView[]>('obs.feeds.list');
    expect(feeds.filter((f) => f.inputName === 'Ball Cam')).toHaveLength(1);
    expect(JSON.stringify(feeds)).not.toMatch(/hash|salt/);
    await waitFor('control room mirrors the camera scene', async () => (await view()).obs.scenes.find((s) => s.name === 'Cameras')?.items.length === 1);
  });

  it('replaces an input of another kind under the same name', async () => {
    await other.call('CreateInput', { sceneName: FIXTURE_SCENES[1], inputName: 'Stage Cam', inputKind: 'color_source_v3', inputSettings: {} });
    const placed = await ok<ObsPlacement>('obs.camera.place', { id: connectionId, sourceId: cameraId, scene: FIXTURE_SCENES[1], inputName: 'Stage Cam' });
    expect(placed.replaced).toBe(true);
    const inputs = (await other.call('GetInputList')).inputs.filter((i) => String(i.inputName).startsWith('Stage Cam'));
    await waitFor('the old input is gone', async () => (await other.call('GetInputList')).inputs.filter((i) => String(i.inputName).startsWith('Stage Cam')).length === 1);
    expect(inputs.find((i) => i.inputName === 'Stage Cam')?.inputKind).toBe('ffmpeg_source');
  });

  it('refuses an unknown source and a name clash clearly', async () => {
    const missing = await call<{ error: { message: string } }>('obs.camera.place', { id: connectionId, sourceId: 'nope', scene: 'Cameras' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('“nope”');
    const clash = await call<{ error: { message: string } }>('obs.camera.place', { id: connectionId, sourceId: cameraId, scene: 'Cameras', inputName: FIXTURE_SCENES[0] });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain(`scene named “${FIXTURE_SCENES[0]}”`);
  });
});

describe('stream and record', () => {
  it('records to a file, with status, timecode and bytes on the way', async () => {
    await ok('obs.record.start', { id: connectionId });
    const running = await waitFor('recording with bytes', async () => {
      const v = await view();
      return v.obs.record.active && (v.obs.record.bytes ?? 0) > 0 && v.obs.record.timecode ? v : null;
    });
    expect(running.obs.record.timecode).toMatch(/^\d\d:\d\d:\d\d/);
    const twice = await call<{ error: { message: string } }>('obs.record.start', { id: connectionId });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('already recording');
    await ok('obs.record.stop', { id: connectionId });
    const stopped = await waitFor('recording stopped with a file', async () => {
      const v = await view();
      return !v.obs.record.active && v.obs.record.lastFile ? v : null;
    });
    const file = stopped.obs.record.lastFile!;
    expect(path.dirname(file)).toBe(obs.recordDir);
    await waitFor('the recording has data', async () => fs.existsSync(file) && fs.statSync(file).size > 1000);
  });
});

describe('streaming', () => {
  it("streams into the engine's own RTMP server: live with timecode and bytes, and the engine sees the publisher", async () => {
    const port = await freePort();
    await ok('settings.update', { rtmp: { port } });
    await waitFor('RTMP server listening', async () => {
      const status = await ok<RtmpServerStatus>('rtmp.status');
      return status.state === 'listening' && status.port === port;
    });
    const key = await ok<CreatedStreamKey>('rtmp.keys.create', { name: 'OBS integration' });
    await other.call('SetStreamServiceSettings', { streamServiceType: 'rtmp_custom', streamServiceSettings: { server: key.obs.server!, key: key.obs.streamKey.replace('<stream name>', 'obsfeed') } });
    await ok('obs.stream.start', { id: connectionId });
    const live = await waitFor('streaming with bytes', async () => {
      const v = await view();
      return v.obs.stream.active && (v.obs.stream.bytes ?? 0) > 0 && v.obs.stream.timecode ? v : null;
    });
    expect(live.obs.stream.totalFrames).not.toBeNull();
    await waitFor('the engine receives the stream', async () => (await ok<RtmpStreamView[]>('rtmp.streams')).some((st) => st.name === 'obsfeed'));
    const twice = await call<{ error: { message: string } }>('obs.stream.start', { id: connectionId });
    expect(twice.status).toBe(409);
    await ok('obs.stream.stop', { id: connectionId });
    await waitFor('stream stopped', async () => !(await view()).obs.stream.active);
    const notStreaming = await call<{ error: { message: string } }>('obs.stream.stop', { id: connectionId });
    expect(notStreaming.status).toBe(409);
    expect(notStreaming.body.error.message).toContain('is not streaming');
  });
});

describe('resilience', () => {
  it('resynchronises after a scene-collection change', async () => {
    await other.call('CreateSceneCollection', { sceneCollectionName: 'Second Show' });
    const v = await waitFor('new collection mirrored', async () => {
      const current = await view();
      return current.status.state === 'connected' && current.obs.sceneCollection === 'Second Show' ? current : null;
    });
    const fresh = await other.call('GetSceneList');
    expect(v.obs.scenes.map((s) => s.name).sort()).toEqual(fresh.scenes.map((s) => String(s.sceneName)).sort());
    // Still driveable after the change.
    await ok('obs.batch', { id: connectionId, operations: [{ op: 'createScene', scene: 'After Change' }, { op: 'setProgramScene', scene: 'After Change' }] });
    expect((await other.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('After Change');
    await other.call('SetCurrentSceneCollection', { sceneCollectionName: 'Test' });
    await waitFor('back to the test collection', async () => {
      const current = await view();
      return current.status.state === 'connected' && current.obs.sceneCollection === 'Test' && current.obs.scenes.some((s) => s.name === FIXTURE_SCENES[0]);
    });
  });

  it('reconnects and resynchronises by itself after OBS is killed and started again', async () => {
    const before = await view();
    await other.disconnect().catch(() => undefined);
    await obs.kill();
    const down = await waitFor('link loss noticed', async () => {
      const v = await view();
      return v.status.state !== 'connected' && v.status.lastFailure ? v : null;
    });
    expect(['connection_lost', 'refused', 'obs_exited']).toContain(down.status.lastFailure!.kind);
    const whileDown = await call<{ error: { message: string } }>('obs.scene.program', { id: connectionId, scene: FIXTURE_SCENES[1] });
    expect(whileDown.status).toBe(503);
    expect(whileDown.body.error.message).toContain('not connected');

    await obs.restart();
    other = await obs.client();
    const back = await waitConnected(connectionId, 'reconnected after restart');
    expect(back.status.syncedAt! > before.status.syncedAt!).toBe(true);
    const fresh = await other.call('GetSceneList');
    expect(back.obs.scenes.map((s) => s.name).sort()).toEqual(fresh.scenes.map((s) => String(s.sceneName)).sort());
    expect(back.obs.programScene).toBe(fresh.currentProgramSceneName);
    // And it works again.
    await ok('obs.scene.program', { id: connectionId, scene: FIXTURE_SCENES[1] });
    expect((await other.call('GetCurrentProgramScene')).currentProgramSceneName).toBe(FIXTURE_SCENES[1]);
  });
});
