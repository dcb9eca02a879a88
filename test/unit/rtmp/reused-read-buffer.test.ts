import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { readIntoReusedBuffer } from '../../../src-main/rtmp/reused-read-buffer';

describe('readIntoReusedBuffer', () => {
  it('delivers every byte in order through one reused buffer, and the server lets go of the connection when it closes', async () => {
    const sent = randomBytes(5 * 1024 * 1024 + 123);
    const hash = createHash('sha256');
    let received = 0;
    const buffers = new Set<ArrayBufferLike>();
    const taken: net.Socket[] = [];
    const server = net.createServer({ pauseOnConnect: true }, (socket) => {
      const s = readIntoReusedBuffer(socket, (chunk) => {
        hash.update(chunk);
        received += chunk.length;
        buffers.add(chunk.buffer);
      });
      expect(s).not.toBeNull();
      taken.push(s!);
      s!.write('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const client = net.connect(port, '127.0.0.1');
    const greeting = await new Promise<string>((resolve) => client.once('data', (d) => resolve(d.toString())));
    expect(greeting).toBe('hello'); // writes go out on the taken socket
    for (let i = 0; i < sent.length; i += 100_000) client.write(sent.subarray(i, i + 100_000));
    await new Promise<void>((resolve) => client.end(resolve));
    await new Promise<void>((resolve) => taken[0]!.once('close', () => resolve()));
    expect(received).toBe(sent.length);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(sent).digest('hex'));
    expect(buffers.size).toBe(1);
    // The accepted socket is released with it: the server has no connection left and closes.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(await new Promise<number>((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))))).toBe(0);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
