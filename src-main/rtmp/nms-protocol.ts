import { createRequire } from 'node:module';

/**
 * node-media-server 4.x, protocol layer only: its RTMP handshake/chunk parser and chunk writer
 * (`Rtmp`). Its server classes are not used: `NodeMediaServer` keeps a process-wide singleton,
 * opens a store in `./data`, starts express, and calls `process.exit(1)` when a port is taken. The engine owns the socket, the sessions and every authorization decision instead.
 */
export interface NmsAvPacket {
  codec_id: number;
  /** 8 audio, 9 video, 18 script. */
  codec_type: number;
  /** 0 audio config, 1 audio frame, 2 video config, 3 keyframe, 4 video frame, 5 metadata. */
  flags: number;
  pts: number;
  dts: number;
  size: number;
  data: Buffer;
}

export interface NmsRtmp {
  streamApp: string;
  streamName: string;
  streamQuery: Record<string, string | string[] | undefined>;
  streamId: number;
  parserPacket: { header: { stream_id: number; type: number; length: number } };
  /** Sizes the payload buffer once a message's first chunk header is read. */
  packetAlloc(): void;
  onConnectCallback: (req: unknown) => void;
  onPlayCallback: () => void;
  onPushCallback: () => void;
  onPacketCallback: (packet: NmsAvPacket) => void;
  onOutputCallback: (buffer: Buffer) => void;
  /** Returns an error message, or null. */
  parserData(buffer: Buffer): string | null | undefined;
  /** Handlers of the client's `publish` / `play` commands (replaced per instance by the engine). */
  onPublish(invoke: { streamName: string }): void;
  onPlay(invoke: { streamName: string }): void;
  respondPublish(): void;
  respondPlay(): void;
  sendStatusMessage(streamId: number, level: string, code: string, description: string): void;
}

interface NmsRtmpClass {
  new (): NmsRtmp;
  createMessage(packet: NmsAvPacket): Buffer;
}

const require = createRequire(import.meta.url);
export const Rtmp = require('node-media-server/src/protocol/rtmp.js') as NmsRtmpClass;

/** RTMP message types that carry AMF data (metadata): AMF0 and AMF3. */
const DATA_MESSAGE_TYPES = new Set([18, 15]);

export class OversizedDataError extends Error {
  override readonly name = 'OversizedDataError';
}

/**
 * Refuses a data (metadata) message by its header, before its payload is buffered: the
 * parser would otherwise allocate and wait for the whole message (up to 16 MB), and an AMF
 * string over 64 KiB is malformed anyway. parserData then throws OversizedDataError.
 */
export function refuseOversizedData(rtmp: NmsRtmp, maxBytes: number): void {
  const allocate = rtmp.packetAlloc.bind(rtmp);
  rtmp.packetAlloc = () => {
    const { type, length } = rtmp.parserPacket.header;
    if (DATA_MESSAGE_TYPES.has(type) && length > maxBytes) {
      throw new OversizedDataError(`metadata too large (${length} bytes; the limit is ${maxBytes})`);
    }
    allocate();
  };
}
