// Builds everything `dist/` holds: the main-process bundles (esbuild), the sandboxed preload
// (CommonJS, as Electron requires for sandboxed preloads) and the renderer (Vite).
// `--if-stale` skips the build when dist/ is newer than every source file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');
const sources = ['src-main', 'src-renderer', 'src-preload', 'vite.config.ts', 'package.json', 'tsconfig.json'];

function newestMtime(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

if (process.argv.includes('--if-stale')) {
  const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const changed = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  if (built > changed) process.exit(0);
  console.log('Building Control Room (sources changed since the last build)…');
}

const started = Date.now();
fs.rmSync(dist, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  esbuild({
    ...common,
    format: 'esm',
    entryPoints: {
      serve: 'src-main/app/serve-main.ts',
      launcher: 'src-main/electron/launcher.ts',
      'electron-main': 'src-main/electron/electron-main.ts',
    },
    outdir: 'dist/main',
    outExtension: { '.js': '.js' },
  }),
  esbuild({
    ...common,
    format: 'cjs',
    entryPoints: ['src-preload/preload.ts'],
    outfile: 'dist/preload/preload.cjs',
    external: ['electron'],
  }),
  viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' }),
]);

fs.writeFileSync(stamp, new Date().toISOString());
console.log(`Built dist/ in ${Date.now() - started} ms`);
