// `npm run dev`: the engine under tsx (restarted on change) and Vite's dev server with hot
// reload, proxying the API and WebSocket to the engine. Open the Vite URL with #token=….
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const enginePort = Number(process.env.CONTROL_ROOM_PORT ?? 7800);
const engine = spawn(
  process.execPath,
  ['--import', 'tsx', '--watch', 'src-main/app/serve-main.ts', '--port', String(enginePort), '--data-dir', path.join(root, '.data'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

const vite = await createServer({
  configFile: path.join(root, 'vite.config.ts'),
  server: {
    host: '127.0.0.1',
    proxy: {
      // Only POSTs are API calls: Vite itself serves src-renderer/api/*.ts under /api in dev.
      '/api': { target: `http://127.0.0.1:${enginePort}`, bypass: (req) => (req.method === 'POST' ? undefined : req.url) },
      '/healthz': `http://127.0.0.1:${enginePort}`,
      '/ws': { target: `ws://127.0.0.1:${enginePort}`, ws: true },
    },
  },
});
await vite.listen();
vite.printUrls();

const stop = async () => {
  engine.kill('SIGTERM');
  await vite.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
