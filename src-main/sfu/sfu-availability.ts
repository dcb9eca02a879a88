import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { SfuAvailability } from '../system/system-types';

const WORKER_NAME = process.platform === 'win32' ? 'mediasoup-worker.exe' : 'mediasoup-worker';

/**
 * Finds mediasoup's worker without starting it: `MEDIASOUP_WORKER_BIN`, then the prebuilt
 * worker inside the (optional) mediasoup package. When neither exists the SFU is unavailable
 * and says why; everything else in the engine works without it.
 */
export function detectSfu(env: NodeJS.ProcessEnv = process.env): SfuAvailability {
  const fromEnv = env.MEDIASOUP_WORKER_BIN;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return { available: true, reason: null, workerPath: fromEnv };
    return { available: false, reason: `MEDIASOUP_WORKER_BIN points to ${fromEnv}, which is not an executable file`, workerPath: null };
  }
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('mediasoup/package.json'));
  } catch {
    return {
      available: false,
      reason:
        'mediasoup is not installed (it is optional: its install script could not fetch or build the worker). Set MEDIASOUP_WORKER_BIN to a mediasoup-worker binary to enable WebRTC.',
      workerPath: null,
    };
  }
  const prebuilt = path.join(packageDir, 'worker', 'out', 'Release', WORKER_NAME);
  if (isExecutable(prebuilt)) return { available: true, reason: null, workerPath: prebuilt };
  return {
    available: false,
    reason: `mediasoup is installed but its worker binary is missing (${prebuilt}). Set MEDIASOUP_WORKER_BIN to enable WebRTC.`,
    workerPath: null,
  };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
