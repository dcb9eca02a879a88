import net from 'node:net';

/**
 * A minimal ZeroMQ REQ client (ZMTP 3.0, NULL mechanism) over node:net, enough to drive
 * FFmpeg's `zmq` filter: one command string out, one reply string back, in order. No npm
 * zeromq package installs here without native builds, and the protocol for this is small:
 * a 64-byte greeting each way, a READY command each way, then frames.
 */
export class ZmqError extends Error {
  override readonly name = 'ZmqError';
}

const FLAG_MORE = 0x01;
const FLAG_LONG = 0x02;
const FLAG_COMMAND = 0x04;
const GREETING_SIZE = 64;

function greeting(): Buffer {
  const out = Buffer.alloc(GREETING_SIZE);
  out[0] = 0xff;
  out[9] = 0x7f;
  out[10] = 3; // major
  out[11] = 0; // minor
  out.write('NULL', 12, 'latin1');
  out[32] = 0; // as-server: no
  return out;
}

function frame(body: Buffer, flags: number): Buffer {
  if (body.length <= 255) return Buffer.concat([Buffer.from([flags, body.length]), body]);
  const head = Buffer.alloc(9);
  head[0] = flags | FLAG_LONG;
  head.writeBigUInt64BE(BigInt(body.length), 1);
  return Buffer.concat([head, body]);
}

function readyCommand(socketType: string): Buffer {
  const name = Buffer.from('Socket-Type', 'latin1');
  const value = Buffer.from(socketType, 'latin1');
  const size = Buffer.alloc(4);
  size.writeUInt32BE(value.length);
  const body = Buffer.concat([Buffer.from([5]), Buffer.from('READY', 'latin1'), Buffer.from([name.length]), name, size, value]);
  return frame(body, FLAG_COMMAND);
}

interface Pending {
  resolve: (reply: string) => void;
  reject: (err: Error) => void;
}

export class ZmqReqClient {
  private socket: net.Socket | null = null;
  private buffer = Buffer.alloc(0);
  private stage: 'greeting' | 'handshake' | 'ready' = 'greeting';
  private readonly queue: Array<{ message: string } & Pending> = [];
  private inFlight: Pending | null = null;
  private replyParts: Buffer[] = [];
  private connecting: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs = 2_000,
  ) {}

  /** Sends one command; resolves with the peer's reply (FFmpeg: `<code> <text>`). */
  send(message: string): Promise<string> {
    if (this.closed) return Promise.reject(new ZmqError('ZMQ client is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      void this.pump();
    });
  }

  close(): void {
    this.closed = true;
    this.reset(new ZmqError('ZMQ client is closed'));
  }

  private async pump(): Promise<void> {
    if (this.inFlight || this.queue.length === 0) return;
    try {
      await this.connect();
    } catch (err) {
      for (const item of this.queue.splice(0)) item.reject(err as Error);
      return;
    }
    if (this.inFlight || this.queue.length === 0 || !this.socket) return;
    const next = this.queue.shift()!;
    const timer = setTimeout(() => this.reset(new ZmqError(`no reply within ${this.timeoutMs} ms`)), this.timeoutMs);
    this.inFlight = {
      resolve: (reply) => {
        clearTimeout(timer);
        next.resolve(reply);
      },
      reject: (err) => {
        clearTimeout(timer);
        next.reject(err);
      },
    };
    // REQ: an empty delimiter frame, then the message.
    this.socket.write(Buffer.concat([frame(Buffer.alloc(0), FLAG_MORE), frame(Buffer.from(next.message, 'utf8'), 0)]));
  }

  private connect(): Promise<void> {
    if (this.socket && this.stage === 'ready') return Promise.resolve();
    this.connecting ??= new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port });
      this.socket = socket;
      this.stage = 'greeting';
      this.buffer = Buffer.alloc(0);
      const timer = setTimeout(() => fail(new ZmqError(`ZMQ handshake with ${this.host}:${this.port} timed out`)), this.timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        this.connecting = null;
        socket.destroy();
        if (this.socket === socket) this.socket = null;
        reject(err);
      };
      socket.setNoDelay(true);
      socket.on('connect', () => socket.write(greeting()));
      socket.on('error', (err) => {
        if (this.stage !== 'ready') fail(new ZmqError(`ZMQ connect to ${this.host}:${this.port} failed: ${err.message}`));
        else this.reset(err);
      });
      socket.on('close', () => {
        if (this.socket === socket) this.reset(new ZmqError('ZMQ connection closed'));
      });
      socket.on('data', (chunk: Buffer) => {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        if (this.stage === 'greeting') {
          if (this.buffer.length < GREETING_SIZE) return;
          if (this.buffer[0] !== 0xff || this.buffer[10]! < 3) return fail(new ZmqError('not a ZMTP 3 peer'));
          this.buffer = this.buffer.subarray(GREETING_SIZE);
          this.stage = 'handshake';
          socket.write(readyCommand('REQ'));
        }
        this.readFrames((flags, body) => {
          if (this.stage === 'handshake') {
            if (!(flags & FLAG_COMMAND) || body.subarray(1, 1 + body[0]!).toString('latin1') !== 'READY') {
              fail(new ZmqError('unexpected ZMTP handshake'));
              return;
            }
            this.stage = 'ready';
            clearTimeout(timer);
            this.connecting = null;
            resolve();
            return;
          }
          if (flags & FLAG_COMMAND) return; // PING and the like: nothing to do for REQ
          this.replyParts.push(body);
          if (flags & FLAG_MORE) return;
          // The reply: [empty delimiter, message]; the delimiter is dropped.
          const parts = this.replyParts.filter((p) => p.length > 0);
          this.replyParts = [];
          const pending = this.inFlight;
          this.inFlight = null;
          pending?.resolve(parts.map((p) => p.toString('utf8')).join(''));
          void this.pump();
        });
      });
    });
    return this.connecting;
  }

  private readFrames(onFrame: (flags: number, body: Buffer) => void): void {
    for (;;) {
      if (this.buffer.length < 2) return;
      const flags = this.buffer[0]!;
      let size: number;
      let head: number;
      if (flags & FLAG_LONG) {
        if (this.buffer.length < 9) return;
        size = Number(this.buffer.readBigUInt64BE(1));
        head = 9;
      } else {
        size = this.buffer[1]!;
        head = 2;
      }
      if (this.buffer.length < head + size) return;
      const body = Buffer.from(this.buffer.subarray(head, head + size));
      this.buffer = this.buffer.subarray(head + size);
      onFrame(flags, body);
    }
  }

  private reset(err: Error): void {
    const socket = this.socket;
    this.socket = null;
    this.connecting = null;
    this.stage = 'greeting';
    this.replyParts = [];
    socket?.destroy();
    const pending = this.inFlight;
    this.inFlight = null;
    pending?.reject(err);
    if (this.closed) for (const item of this.queue.splice(0)) item.reject(err);
    else void this.pump();
  }
}
