import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineProcess, LAUNCHER_ENTRY, processExists, SERVE_ENTRY, tempDataDir, type EngineProcessOptions } from '../../fixtures/engine-process';
import type { Settings, SupervisedProcessInfo, SystemInfo, SystemStats } from '../../../src-main/api/contract';

/** The built headless shell as a real child process: what `npm run serve` runs. */
const running: EngineProcess[] = [];
afterEach(async () => {
  for (const e of running.splice(0)) await e.signal('SIGKILL');
});
async function start(options: EngineProcessOptions = {}) {
  const engine = await EngineProcess.start(options);
  running.push(engine);
  return engine;
}

describe('npm start without an Electron binary', () => {
  it('says so in one line and runs the headless engine, printing the URL', async () => {
    const engine = await start({ script: LAUNCHER_ENTRY, token: 'launcher-test-token-0123456789' });
    const lines = engine.log.split('\n').filter((l) => l.includes('running the headless engine instead'));
    expect(lines).toHaveLength(1);
    expect(engine.log).toContain(`Control Room is running at ${engine.baseUrl}/`);
    expect((await engine.request('system.info')).status).toBe(200);
  });
});

describe('headless shell', () => {
  it('generates a token, saves it 0600 and prints it once with the URL', async () => {
    const dataDir = await tempDataDir();
    const first = await start({ dataDir, token: null });
    const tokenFile = path.join(dataDir, 'api-token');
    const token = fs.readFileSync(tokenFile, 'utf8').trim();
    expect(first.log).toContain(`${first.baseUrl}/#token=${token}`);
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    await first.stop();
    const second = await start({ dataDir, port: first.port, token: null });
    expect(second.log).not.toContain(token);
    expect(second.token).toBe(token);
    expect((await second.request('settings.get')).status).toBe(200);
  });

  it('serves the UI, system.info and stats with the token', async () => {
    const engine = await start({ token: 'shell-test-token-0123456789' });
    const page = await fetch(`${engine.baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const info = await engine.request<SystemInfo>('system.info');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ product: 'Control Room', shell: 'headless', platform: { os: process.platform } });
    expect(info.body.nodeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(info.body.ffmpeg?.path).toBeTruthy();
    expect(typeof info.body.sfu.available).toBe('boolean');
    if (!info.body.sfu.available) expect(info.body.sfu.reason).toBeTruthy();
    const stats = await engine.request<SystemStats>('system.stats');
    expect(stats.body.engine.pid).toBe(engine.pid);
    expect(stats.body.engine.rssBytes).toBeGreaterThan(0);
    expect((await engine.request('system.info', {}, 'wrong-token-wrong-token')).status).toBe(401);
  });

  it('refuses a non-loopback bind without a token, and a used port, with a clear message', async () => {
    const refused = spawnSync(process.execPath, [SERVE_ENTRY, '--host', '0.0.0.0', '--data-dir', await tempDataDir()], { encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('Refusing to listen on 0.0.0.0 without --token');
    const engine = await start();
    const clash = spawnSync(process.execPath, [SERVE_ENTRY, '--port', String(engine.port), '--data-dir', await tempDataDir()], { encoding: 'utf8' });
    expect(clash.status).toBe(1);
    expect(clash.stderr).toContain(`Port ${engine.port} on 127.0.0.1 is already in use`);
  });

  it('keeps an acknowledged settings write through kill -9', async () => {
    const dataDir = await tempDataDir();
    const engine = await start({ dataDir });
    const update = await engine.request<Settings>('settings.update', { nodeName: 'Truck 7', ui: { gridColumns: 5 } });
    expect(update.status).toBe(200);
    await engine.signal('SIGKILL');
    const again = await start({ dataDir });
    const settings = await again.request<Settings>('settings.get');
    expect(settings.body).toMatchObject({ nodeName: 'Truck 7', ui: { gridColumns: 5 } });
  });

  it('rejects bad settings without changing anything', async () => {
    const engine = await start();
    const before = await engine.request<Settings>('settings.get');
    const bad = await engine.request<{ error: { code: string; message: string } }>('settings.update', { nodeName: 'ok', ui: { gridColumns: 42 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('ui.gridColumns');
    expect((await engine.request<Settings>('settings.get')).body).toEqual(before.body);
  });

  it('refuses to start on a corrupt state file without a backup, naming the file', async () => {
    const dataDir = await tempDataDir();
    fs.writeFileSync(path.join(dataDir, 'state.json'), '{ broken');
    const result = spawnSync(process.execPath, [SERVE_ENTRY, '--port', '0', '--data-dir', dataDir], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(path.join(dataDir, 'state.json'));
    expect(fs.readFileSync(path.join(dataDir, 'state.json'), 'utf8')).toBe('{ broken');
  });

  it('SIGTERM shuts down cleanly within 5 s: child processes gone, store flushed', async () => {
    const engine = await start();
    // A long self-test gives the engine a real FFmpeg child to stop.
    const selfTest = engine.request('media.selfTest', { seconds: 30 }).catch(() => undefined);
    let child: SupervisedProcessInfo | undefined;
    for (let i = 0; i < 100 && !child?.pid; i++) {
      child = (await engine.request<SupervisedProcessInfo[]>('media.processes')).body.find((p) => p.pid !== null);
      if (!child?.pid) await new Promise((r) => setTimeout(r, 100));
    }
    expect(child?.pid).toBeTruthy();
    const stats = await engine.request<SystemStats>('system.stats');
    expect(stats.body.children.map((c) => c.pid)).toContain(child!.pid);
    const update = await engine.request<Settings>('settings.update', { nodeName: 'Flushed' });
    expect(update.status).toBe(200);
    const stopped = await engine.signal('SIGTERM');
    await selfTest;
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(5_000);
    expect(processExists(child!.pid!)).toBe(false);
    expect(engine.log).toContain('Engine stopped');
    const state = JSON.parse(fs.readFileSync(path.join(engine.dataDir, 'state.json'), 'utf8'));
    expect(state.settings.nodeName).toBe('Flushed');
  });

  it('kill -9 of the engine takes its FFmpeg children with it', async () => {
    if (process.platform !== 'linux') return;
    const engine = await start();
    void engine.request('media.selfTest', { seconds: 30 }).catch(() => undefined);
    let pid: number | null = null;
    for (let i = 0; i < 100 && !pid; i++) {
      pid = (await engine.request<SupervisedProcessInfo[]>('media.processes')).body.find((p) => p.pid !== null)?.pid ?? null;
      if (!pid) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pid).toBeTruthy();
    await engine.signal('SIGKILL');
    for (let i = 0; i < 50 && processExists(pid!); i++) await new Promise((r) => setTimeout(r, 100));
    expect(processExists(pid!)).toBe(false);
  });
});
