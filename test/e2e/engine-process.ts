import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real headless engine (`node dist/main/serve.js`) as a child process, for end-to-end
 * suites. `npm run build` must have produced dist/ first.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVE_ENTRY = path.join(REPO_ROOT, 'dist/main/serve.js');

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LIMIT = 64 * 1024;

export interface EngineProcessOptions {
  /** Defaults to a free port on 127.0.0.1. */
  port?: number;
  host?: string;
  /** Defaults to a fresh temporary directory (removed by `removeDataDir`). */
  dataDir?: string;
  /** Defaults to a random token. */
  token?: string;
  extraArgs?: string[];
  env?: NodeJS.ProcessEnv;
}

export class EngineProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly host: string,
    readonly port: number,
    readonly dataDir: string,
    readonly token: string,
    private readonly options: EngineProcessOptions,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ? null : code)));
  }

  /** Starts the engine and resolves once `GET /healthz` answers 200. */
  static async start(options: EngineProcessOptions = {}): Promise<EngineProcess> {
    await fs.access(SERVE_ENTRY).catch(() => {
      throw new Error(`${path.relative(REPO_ROOT, SERVE_ENTRY)} is missing: run \`npm run build\` first`);
    });
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? (await freePort(host));
    const dataDir = options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'control-room-e2e-')));
    const token = options.token ?? randomBytes(24).toString('base64url');
    const args = [SERVE_ENTRY, '--host', host, '--port', String(port), '--data-dir', dataDir, '--token', token, ...(options.extraArgs ?? [])];
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const engine = new EngineProcess(child, host, port, dataDir, token, { ...options, host, port, dataDir, token });
    try {
      await engine.waitUntilHealthy();
    } catch (err) {
      await engine.stop();
      throw err;
    }
    return engine;
  }

  get baseUrl(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** The address `npm run serve` prints: the UI with the token in the fragment. */
  get uiUrlWithToken(): string {
    return `${this.baseUrl}/#token=${encodeURIComponent(this.token)}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** What the engine printed (the last 64 KiB), for failure messages. */
  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM, then SIGKILL if it has not exited in time. Resolves with the exit code (null if killed). */
  async stop(timeoutMs = STOP_TIMEOUT_MS): Promise<number | null> {
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
      try {
        return await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return this.exited;
  }

  /** A new engine on the same port, data directory and token (stop this one first). */
  async startAgain(): Promise<EngineProcess> {
    if (this.running) throw new Error('Stop the engine before starting it again');
    return EngineProcess.start(this.options);
  }

  /** Calls a procedure over HTTP (`POST /api/<name>`), as automation would. */
  async call<T = unknown>(procedure: string, input: unknown = {}): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/${procedure}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body: unknown = await response.json();
    if (!response.ok) throw new Error(`${procedure} failed (${response.status}): ${JSON.stringify(body)}`);
    return body as T;
  }

  async removeDataDir(): Promise<void> {
    if (this.running) throw new Error('Stop the engine before removing its data directory');
    await fs.rm(this.dataDir, { recursive: true, force: true });
  }

  private async waitUntilHealthy(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`The engine exited before it was ready:\n${this.output}`);
      try {
        const response = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
        if (response.status === 200) return;
      } catch {
        // Not listening yet.
      }
      await delay(100);
    }
    throw new Error(`The engine was not healthy within ${READY_TIMEOUT_MS} ms:\n${this.output}`);
  }
}

/** A TCP port that was free a moment ago on `host`. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
