import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ZmqReqClient } from '../../../src-main/compositor/zmq-client';

/**
 * The ZMTP 3.0 REQ client against a minimal REP peer written from the spec (the integration
 * tests drive FFmpeg's real zmq filter with it).
 */
function frame(body: Buffer, flags: number): Buffer {
  return Buffer.concat([Buffer.from([flags, body.length]), body]);
}

function repPeer(onMessage: (text: string) => string): Promise<{ port: number; server: net.Server; received: string[] }> {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let greeted = false;
    let ready = false;
    const greeting = Buffer.alloc(64);
    greeting[0] = 0xff;
    greeting[9] = 0x7f;
    greeting[10] = 3;
    greeting.write('NULL', 12, 'latin1');
    socket.write(greeting);
    const parts: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!greeted) {
        if (buffer.length < 64) return;
        expect(buffer[0]).toBe(0xff);
        expect(buffer.subarray(12, 16).toString('latin1')).toBe('NULL');
        buffer = buffer.subarray(64);
        greeted = true;
      }
      while (buffer.length >= 2 && buffer.length >= 2 + buffer[1]!) {
        const flags = buffer[0]!;
        const body = buffer.subarray(2, 2 + buffer[1]!);
        buffer = buffer.subarray(2 + buffer[1]!);
        if (!ready) {
          expect(flags & 4).toBe(4);
          expect(body.subarray(1, 6).toString('latin1')).toBe('READY');
          expect(body.toString('latin1')).toContain('Socket-Type');
          expect(body.toString('latin1')).toContain('REQ');
          const name = Buffer.from('Socket-Type');
          const value = Buffer.from('REP');
          const size = Buffer.alloc(4);
          size.writeUInt32BE(value.length);
          socket.write(frame(Buffer.concat([Buffer.from([5]), Buffer.from('READY'), Buffer.from([name.length]), name, size, value]), 4));
          ready = true;
          continue;
        }
        parts.push(Buffer.from(body));
        if (flags & 1) continue;
        const text = parts.filter((p) => p.length > 0).map((p) => p.toString()).join('');
        parts.length = 0;
        received.push(text);
        socket.write(Buffer.concat([frame(Buffer.alloc(0), 1), frame(Buffer.from(onMessage(text)), 0)]));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, server, received })));
}

let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

describe('ZmqReqClient', () => {
  it('handshakes, sends commands in order and returns the replies', async () => {
    const peer = await repPeer((text) => `0 Success ${text.length}`);
    const client = new ZmqReqClient('127.0.0.1', peer.port);
    cleanup.push(() => client.close(), () => peer.server.close());
    const replies = await Promise.all(['overlay@o0 x 10', 'scale@s0 w 640', 'lutyuv@a0 a val*0.500'].map((c) => client.send(c)));
    expect(peer.received).toEqual(['overlay@o0 x 10', 'scale@s0 w 640', 'lutyuv@a0 a val*0.500']);
    expect(replies).toEqual(['0 Success 15', '0 Success 14', '0 Success 21']);
  });

  it('rejects when nothing listens, and after close', async () => {
    const server = net.createServer();
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = new ZmqReqClient('127.0.0.1', port, 500);
    await expect(client.send('x')).rejects.toThrow(/ZMQ connect/);
    client.close();
    await expect(client.send('x')).rejects.toThrow(/closed/);
  });
});
