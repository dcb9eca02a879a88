import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/app/engine';
import type { CameraView } from '../../../src-main/api/contract';
import type { ObsConnectionView, ObsPlacement } from '../../../src-main/obs/obs-contract';
import { apiCaller } from '../../fixtures/api-caller';
import { FIXTURE_SCENES, startObs, type ObsFixture } from '../../fixtures/obs/obs-process';
import { waitFor } from '../../fixtures/wait-for';

/**
 * The link itself: a TCP relay between the engine and a real OBS that the test can freeze (bytes
 * held, as on a half-open link) or cut (sockets destroyed), so a request is really in flight when
 * the link fails. Then: feed credentials survive an engine restart.
 */
const TOKEN = 'obs-link-token-0123456789abcdef';

/** Relays 127.0.0.1:<port> to OBS; `freeze` holds traffic both ways, `cut` drops every connection. */
class Relay {
  private readonly sockets = new Set<net.Socket>();
  private frozen = false;
  private held: Array<() => void> = [];
  private server!: net.Server;
  port = 0;

  constructor(private readonly target: number) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target, '127.0.0.1');
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(from);
        from.on('data', (chunk) => {
          const forward = () => to.write(chunk);
          if (this.frozen) this.held.push(forward);
          else forward();
        });
        from.on('error', () => undefined);
        from.on('close', () => {
          this.sockets.delete(from);
          to.destroy();
        });
      }
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
    for (const forward of this.held.splice(0)) forward();
  }

  cut(): void {
    this.held = [];
    this.frozen = false;
    for (const socket of this.sockets) socket.destroy();
  }

  close(): void {
    this.cut();
    this.server.close();
  }
}

let engine: Engine;
let dataDir: string;
let obs: ObsFixture;
let relay: Relay;
let connectionId: string;
const { call, ok } = apiCaller(() => engine.url, TOKEN);

async function view(): Promise<ObsConnectionView> {
  return (await ok<ObsConnectionView[]>('obs.list')).find((c) => c.id === connectionId)!;
}
const startEngine = () => createEngine({ dataDir, shell: 'headless', host: '127.0.0.1', port: 0, token: TOKEN, consoleLog: false, logLevel: 'debug' });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-obs-link-'));
  obs = await startObs();
  relay = new Relay(obs.port);
  await relay.start();
  engine = await startEngine();
  connectionId = (await ok<ObsConnectionView>('obs.add', { name: 'Relayed OBS', host: '127.0.0.1', port: relay.port, password: obs.password })).id;
  await waitFor('connected through the relay', async () => (await view()).status.state === 'connected');
});

afterAll(async () => {
  relay?.close();
  await engine?.close();
  await obs?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a link that fails mid-request', () => {
  it('fails a request in flight when the connection drops, then reconnects by itself', async () => {
    relay.freeze();
    const pending = call<{ error: { code: string; message: string } }>('obs.scene.program', { id: connectionId, scene: FIXTURE_SCENES[1] });
    // The request has left the engine and waits in the relay.
    await new Promise((resolve) => setTimeout(resolve, 300));
    relay.cut();
    const res = await pending;
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/Relayed OBS.*disconnected before it answered/);
    await waitFor('reconnected after the drop', async () => (await view()).status.state === 'connected');
    await ok('obs.scene.program', { id: connectionId, scene: FIXTURE_SCENES[1] });
  });

  it('gives up on a request OBS never answers (half-open link) and rebuilds the link', async () => {
    const before = (await view()).status.syncedAt!;
    relay.freeze();
    const res = await call<{ error: { message: string } }>('obs.scene.program', { id: connectionId, scene: FIXTURE_SCENES[0] });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/did not answer|disconnected/);
    const down = await waitFor('the stuck link is dropped', async () => {
      const v = await view();
      return v.status.state !== 'connected' ? v : null;
    });
    expect(down.status.lastFailure?.kind).toBe('timeout');
    relay.cut();
    const back = await waitFor('reconnected with a fresh sync', async () => {
      const v = await view();
      return v.status.state === 'connected' && v.status.syncedAt! > before ? v : null;
    });
    expect(back.obs.scenes.map((s) => s.name)).toEqual([...FIXTURE_SCENES]);
  });
});

describe('feed credentials', () => {
  it('survive an engine restart (stored hashed), and stop working once revoked', async () => {
    const camera = await ok<CameraView>('cameras.add', { name: 'Feed Cam', url: 'test://ball?size=320x240&fps=25' });
    await waitFor('camera live', async () => (await ok<CameraView[]>('cameras.list')).find((c) => c.id === camera.id)?.status.state === 'live');
    const placed = await ok<ObsPlacement>('obs.camera.place', { id: connectionId, sourceId: camera.id, scene: 'Feeds' });
    const client = await obs.client();
    const url = ((await client.call('GetInputSettings', { inputName: 'Feed Cam' })).inputSettings as { input: string }).input;
    await client.disconnect();
    const secret = /ticket=feed\.[0-9a-f]{12}\.([A-Za-z0-9_-]+)/.exec(url)![1]!;
    expect(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8')).not.toContain(secret);

    await engine.close();
    engine = await startEngine();
    await waitFor('camera live again', async () => (await ok<CameraView[]>('cameras.list')).find((c) => c.id === camera.id)?.status.state === 'live');
    const again = url.replace(/^http:\/\/[^/]+/, engine.url);
    const media = await fetch(again);
    expect(media.status).toBe(200);
    await media.body?.cancel();

    await ok('obs.feeds.revoke', { feedId: placed.feedId });
    expect((await fetch(again)).status).toBe(401);
  });
});
