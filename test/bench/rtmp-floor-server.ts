// The floor of RTMP ingest in Node, for the RTMP benchmark: a bare server that reads like the
// engine (one reused read buffer) and runs the same node-media-server chunk parser, accepts
// any publish and discards every packet. What this costs is what any Node RTMP server pays to
// read the stream, before doing anything with it.
// Usage: node --import tsx test/bench/rtmp-floor-server.ts <port>
import net from 'node:net';
import { Rtmp } from '../../src-main/rtmp/nms-protocol';
import { readIntoReusedBuffer } from '../../src-main/rtmp/reused-read-buffer';

const port = Number(process.argv[2]);
net
  .createServer({ pauseOnConnect: true }, (accepted) => {
    const rtmp = new Rtmp();
    let onChunk: (data: Buffer) => void = () => undefined;
    const socket = readIntoReusedBuffer(accepted, (chunk) => onChunk(chunk)) ?? accepted.on('data', (data: Buffer) => onChunk(data));
    rtmp.onOutputCallback = (buffer) => socket.write(buffer);
    rtmp.onPublish = () => rtmp.respondPublish();
    rtmp.onPacketCallback = () => undefined;
    onChunk = (data) => {
      if (rtmp.parserData(data)) socket.destroy();
    };
    socket.on('error', () => undefined);
  })
  .listen(port, '127.0.0.1', () => console.log('listening'));
