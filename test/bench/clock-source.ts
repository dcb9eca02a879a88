/**
 * A live camera that shows its own wall clock (see clock-pattern.ts), for glass-to-glass latency.
 *
 *   node --import tsx test/bench/clock-source.ts --port N
 *
 * Makes raw 640×360 grey frames at 30 fps, each carrying `Date.now()` at the moment it is made,
 * pipes them into FFmpeg (libx264 ultrafast, zerolatency, 1 s GOP, MPEG-TS flushed per packet)
 * and serves the result over HTTP at `/clock.ts` to any number of clients at once (each joins
 * the live stream where it is; decoders wait for the next keyframe). Prints `READY <port>` once
 * listening. Exits on SIGTERM/SIGINT or when its stdin closes (its parent is gone); FFmpeg runs
 * under `setpriv --pdeathsig KILL`, so it never outlives this process.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { spawnCommand } from '../../src-main/media/ffmpeg-command';
import { getFfmpeg } from '../../src-main/media/ffmpeg-binary';
import { cellRect, clockCells, CLOCK_FPS, CLOCK_HEIGHT, CLOCK_WIDTH } from './clock-pattern';

const TS_PACKET = 188;
const MAX_CLIENT_BACKLOG = 4 * 1024 * 1024;
const BACKGROUND = 96;
const BAR_WIDTH = 24;

const portArg = process.argv.indexOf('--port');
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0;

const ffmpegPath = (await getFfmpeg()).path;
const { command, args } = spawnCommand(ffmpegPath, [
  '-hide_banner', '-loglevel', 'error',
  '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${CLOCK_WIDTH}x${CLOCK_HEIGHT}`, '-framerate', String(CLOCK_FPS), '-i', 'pipe:0',
  '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(CLOCK_FPS), '-sc_threshold', '0', '-pix_fmt', 'yuv420p',
  '-f', 'mpegts', '-muxdelay', '0', '-muxpreload', '0', '-flush_packets', '1', 'pipe:1',
]);
const encoder = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
encoder.stdin.on('error', () => undefined);
// Shown only if FFmpeg fails on its own (on shutdown it complains about the cut-off input).
let encoderLog = '';
encoder.stderr.on('data', (chunk: Buffer) => {
  encoderLog = (encoderLog + chunk.toString()).slice(-4096);
});

const clients = new Set<http.ServerResponse>();
let pending: Buffer = Buffer.alloc(0);
encoder.stdout.on('data', (chunk: Buffer) => {
  // Whole TS packets only, so that a client joining now starts on a packet boundary.
  pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
  const whole = pending.length - (pending.length % TS_PACKET);
  if (whole === 0) return;
  const out = pending.subarray(0, whole);
  pending = Buffer.from(pending.subarray(whole));
  for (const res of clients) {
    if (res.writableLength > MAX_CLIENT_BACKLOG) {
      clients.delete(res);
      res.destroy();
    } else {
      res.write(out);
    }
  }
});

const server = http.createServer((req, res) => {
  if (req.url?.split('?')[0] !== '/clock.ts') {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'video/mp2t', 'Cache-Control': 'no-store' });
  clients.add(res);
  res.on('close', () => clients.delete(res));
});

// Frames on a fixed schedule (no drift), each stamped with the wall clock when it is made.
const background = Buffer.alloc(CLOCK_WIDTH * CLOCK_HEIGHT, BACKGROUND);
const frame = Buffer.alloc(CLOCK_WIDTH * CLOCK_HEIGHT);
const periodMs = 1000 / CLOCK_FPS;
const startedAt = performance.now();
let frameNumber = 0;
let timer: NodeJS.Timeout | null = null;

function fillRect(x: number, y: number, w: number, h: number, value: number): void {
  for (let row = y; row < y + h; row++) frame.fill(value, row * CLOCK_WIDTH + x, row * CLOCK_WIDTH + x + w);
}

function sendFrame(): void {
  background.copy(frame);
  // Something that moves, so the encoder works on a changing picture as with a real camera.
  const barX = (frameNumber * 8) % (CLOCK_WIDTH - BAR_WIDTH);
  fillRect(barX, 200, BAR_WIDTH, CLOCK_HEIGHT - 220, 220);
  const now = Date.now();
  clockCells(now).forEach((white, index) => {
    const { x, y, size } = cellRect(index);
    fillRect(x, y, size, size, white ? 255 : 0);
  });
  encoder.stdin.write(frame);
  frameNumber += 1;
  const next = startedAt + frameNumber * periodMs;
  timer = setTimeout(sendFrame, Math.max(0, next - performance.now()));
}

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  if (timer) clearTimeout(timer);
  for (const res of clients) res.destroy();
  server.close();
  encoder.stdin.end();
  const kill = setTimeout(() => encoder.kill('SIGKILL'), 2_000);
  encoder.once('exit', () => {
    clearTimeout(kill);
    process.exit(0);
  });
  encoder.kill('SIGTERM');
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('close', stop);
process.stdin.on('end', stop);
process.stdin.resume();
encoder.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`clock-source: FFmpeg exited (code ${code}, signal ${signal}):\n${encoderLog}`);
  process.exit(1);
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  sendFrame();
  console.log(`READY ${bound}`);
});
