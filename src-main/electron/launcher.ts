/**
 * `npm start` (plain Node; bundled to dist/main/launcher.js). Starts the desktop app in
 * Electron when its binary is installed and a display exists; otherwise says why in one line
 * and runs the headless engine in this process, with the same arguments.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHeadless } from '../app/serve';
import { findElectronBinary, noDisplayReason, type ElectronBinary } from './electron-binary';

/** The app directory Electron loads (package.json "main" → dist/main/electron-main.js). */
const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function locateElectron(): ElectronBinary {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'The electron package is not installed (npm install --include=dev)' };
  }
  return findElectronBinary(pkgDir, process.env);
}

function runElectron(binary: string, argv: string[]): void {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would turn the binary into plain Node
  const child = spawn(binary, [appDir, ...argv], { stdio: 'inherit', env, windowsHide: false });

  const forward = (signal: NodeJS.Signals) => () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);

  child.on('error', (err) => {
    process.stderr.write(`Could not start Electron (${binary}): ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const [sig, handler] of handlers) process.off(sig, handler);
    if (signal === null) process.exit(code ?? 0);
    if ((FORWARDED_SIGNALS as readonly string[]).includes(signal)) {
      process.kill(process.pid, signal); // die of the same signal, as a shell expects
      return;
    }
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  });
}

async function runHeadlessInstead(reason: string, argv: string[]): Promise<void> {
  process.stderr.write(`${reason} — running the headless engine instead.\n`);
  await runHeadless(argv);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const electron = locateElectron();
  if ('missing' in electron) return runHeadlessInstead(electron.missing, argv);
  const noDisplay = noDisplayReason(process.env);
  if (noDisplay !== null) return runHeadlessInstead(noDisplay, argv);
  runElectron(electron.path, argv);
}

await main();
