/**
 * A streaming FLV demuxer: bytes in, whole tags out. Only what the hub needs is decoded:
 * tag type, timestamp, and whether a tag is a keyframe or a codec sequence header.
 */
export const FLV_TAG = { audio: 8, video: 9, script: 18 } as const;
const FLV_HEADER_SIZE = 9;
const TAG_HEADER_SIZE = 11;
const PREVIOUS_TAG_SIZE = 4;
/** A tag larger than this is corrupt input, not video. */
const MAX_TAG_DATA = 16 * 1024 * 1024;

export interface FlvTag {
  type: number;
  /** Milliseconds. */
  timestamp: number;
  /** The tag's payload (after the 11-byte header). */
  data: Buffer;
  isKeyframe: boolean;
  /** AVC decoder configuration or AAC AudioSpecificConfig. */
  isSequenceHeader: boolean;
}

export class FlvFormatError extends Error {
  override readonly name = 'FlvFormatError';
}

export class FlvParser {
  private buffer: Buffer = Buffer.alloc(0);
  private headerSeen = false;

  constructor(
    private readonly onHeader: (header: Buffer) => void,
    private readonly onTag: (tag: FlvTag) => void,
  ) {}

  /**
   * Tags' data are views into the chunks pushed (no copy): a stream's chunks are fresh buffers
   * that nobody writes to again, and copying every byte of every camera twice was the hub's
   * main cost.
   */
  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    if (!this.headerSeen) {
      if (this.buffer.length < FLV_HEADER_SIZE + PREVIOUS_TAG_SIZE) return;
      if (this.buffer.toString('latin1', 0, 3) !== 'FLV') throw new FlvFormatError('Not an FLV stream');
      const headerSize = this.buffer.readUInt32BE(5);
      if (this.buffer.length < headerSize + PREVIOUS_TAG_SIZE) return;
      this.onHeader(Buffer.from(this.buffer.subarray(0, headerSize + PREVIOUS_TAG_SIZE)));
      this.headerSeen = true;
      offset = headerSize + PREVIOUS_TAG_SIZE;
    }
    while (this.buffer.length - offset >= TAG_HEADER_SIZE) {
      const type = this.buffer[offset]! & 0x1f;
      const size = this.buffer.readUIntBE(offset + 1, 3);
      if (size > MAX_TAG_DATA) throw new FlvFormatError(`FLV tag of ${size} bytes`);
      const total = TAG_HEADER_SIZE + size + PREVIOUS_TAG_SIZE;
      if (this.buffer.length - offset < total) break;
      const timestamp = this.buffer.readUIntBE(offset + 4, 3) | (this.buffer[offset + 7]! << 24);
      const data = this.buffer.subarray(offset + TAG_HEADER_SIZE, offset + TAG_HEADER_SIZE + size);
      offset += total;
      this.onTag(describeTag(type, timestamp >>> 0, data));
    }
    this.buffer = offset === 0 ? this.buffer : this.buffer.subarray(offset);
  }
}

function describeTag(type: number, timestamp: number, data: Buffer): FlvTag {
  let isKeyframe = false;
  let isSequenceHeader = false;
  if (type === FLV_TAG.video && data.length >= 2) {
    const codec = data[0]! & 0x0f;
    isKeyframe = data[0]! >> 4 === 1;
    isSequenceHeader = (codec === 7 || codec === 12) && data[1] === 0;
  } else if (type === FLV_TAG.audio && data.length >= 2) {
    isSequenceHeader = data[0]! >> 4 === 10 && data[1] === 0;
  }
  return { type, timestamp, data, isKeyframe, isSequenceHeader };
}

/** Serialises a tag (with a new timestamp) back to FLV bytes, previous-tag-size included. */
export function encodeTag(tag: FlvTag, timestamp: number): Buffer {
  const out = Buffer.allocUnsafe(TAG_HEADER_SIZE + tag.data.length + PREVIOUS_TAG_SIZE);
  out[0] = tag.type;
  out.writeUIntBE(tag.data.length, 1, 3);
  out.writeUIntBE(timestamp & 0xffffff, 4, 3);
  out[7] = (timestamp >>> 24) & 0xff;
  out.writeUIntBE(0, 8, 3);
  tag.data.copy(out, TAG_HEADER_SIZE);
  out.writeUInt32BE(TAG_HEADER_SIZE + tag.data.length, TAG_HEADER_SIZE + tag.data.length);
  return out;
}

/** A plain FLV file header announcing audio and/or video. */
export function flvHeader(hasAudio: boolean, hasVideo: boolean): Buffer {
  const out = Buffer.from([0x46, 0x4c, 0x56, 1, 0, 0, 0, 0, 9, 0, 0, 0, 0]);
  out[4] = (hasAudio ? 4 : 0) | (hasVideo ? 1 : 0);
  return out;
}
