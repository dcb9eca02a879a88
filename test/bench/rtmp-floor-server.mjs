// The floor of RTMP ingest in Node, for the RTMP benchmark: a bare server that runs the same
// node-media-server chunk parser the engine uses, accepts any publish and discards every packet.
// What this costs is what any Node RTMP server pays to read the stream, before doing anything
// with it. Usage: node test/bench/rtmp-floor-server.mjs <port>
import net from 'node:net';
import { createRequire } from 'node:module';

const Rtmp = createRequire(import.meta.url)('node-media-server/src/protocol/rtmp.js');
const port = Number(process.argv[2]);
net
  .createServer((socket) => {
    const rtmp = new Rtmp();
    rtmp.onOutputCallback = (buffer) => socket.write(buffer);
    rtmp.onPublish = () => rtmp.respondPublish();
    rtmp.onPacketCallback = () => undefined;
    socket.on('data', (data) => {
      if (rtmp.parserData(data)) socket.destroy();
    });
    socket.on('error', () => undefined);
  })
  .listen(port, '127.0.0.1', () => console.log('listening'));
