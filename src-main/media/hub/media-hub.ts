import { EventEmitter } from 'node:events';
import { ClosedError } from '../../api/errors';
import type { Service } from '../../app/service';
import { encodeTag, FLV_TAG, FlvParser, flvHeader, type FlvTag } from './flv-parser';

/**
 * The media hub: one FLV stream in per source (from its ingest, without re-encoding), any
 * number of readers out (previews, recorders, HLS, restreams). A reader joins at the last
 * keyframe, so it shows a picture at once; a reader that cannot keep up is dropped, never
 * slowing the source or the others; an ingest restart continues the same timeline.
 */
export interface HubReader {
  write(chunk: Buffer): void;
  /** Bytes queued towards this reader and not yet sent. */
  backlogBytes(): number;
  close(reason: string): void;
}

/** A reader queueing more than this is too slow for live video and is dropped. */
export const MAX_READER_BACKLOG_BYTES = 8 * 1024 * 1024;
/** The keyframe cache never holds more than this (a camera with a very long GOP). */
const MAX_GOP_BYTES = 16 * 1024 * 1024;

interface ReaderState {
  reader: HubReader;
  started: boolean;
}

export class HubSource extends EventEmitter<{ frame: [timestamp: number]; readers: [count: number] }> {
  private hasAudio = false;
  private hasVideo = true;
  private metadata: FlvTag | null = null;
  private videoConfig: FlvTag | null = null;
  private audioConfig: FlvTag | null = null;
  /** Tags since the last keyframe, with their output timestamps. */
  private gop: Array<{ tag: FlvTag; ts: number }> = [];
  private gopBytes = 0;
  private readonly readers = new Set<ReaderState>();
  private streamStart: number | null = null;
  private offset = 0;
  private lastTs = 0;
  lastFrameAt: number | null = null;

  constructor(readonly id: string) {
    super();
  }

  /** A new FLV stream from the ingest (the first, or after a restart); returns where to write its bytes. */
  beginStream(): (chunk: Buffer) => void {
    this.restartTimeline();
    const parser = new FlvParser(
      (header) => {
        this.hasAudio = (header[4]! & 4) !== 0;
        this.hasVideo = (header[4]! & 1) !== 0;
      },
      (tag) => this.onTag(tag),
    );
    return (chunk) => parser.push(chunk);
  }

  /**
   * A new stream of already demuxed tags (the RTMP server's publishers: their packets are FLV tag
   * bodies, so serialising them to FLV only to parse them again here would be wasted work).
   * The tags' data must not be written to afterwards.
   */
  beginTagStream(hasAudio: boolean, hasVideo: boolean): (tag: FlvTag) => void {
    this.restartTimeline();
    this.hasAudio = hasAudio;
    this.hasVideo = hasVideo;
    return (tag) => this.onTag(tag);
  }

  private restartTimeline(): void {
    this.streamStart = null;
    this.offset = this.lastTs === 0 ? 0 : this.lastTs + 1;
    this.gop = [];
    this.gopBytes = 0;
  }

  attach(reader: HubReader): () => void {
    const state: ReaderState = { reader, started: false };
    this.readers.add(state);
    this.tryStart(state);
    this.emit('readers', this.readers.size);
    return () => {
      if (this.readers.delete(state)) this.emit('readers', this.readers.size);
    };
  }

  get readerCount(): number {
    return this.readers.size;
  }

  /** Ends every reader (the source is gone for good). */
  closeReaders(reason: string): void {
    for (const state of this.readers) state.reader.close(reason);
    this.readers.clear();
    this.emit('readers', 0);
  }

  private onTag(tag: FlvTag): void {
    this.streamStart ??= tag.timestamp;
    const ts = Math.max(0, tag.timestamp - this.streamStart) + this.offset;
    if (tag.type === FLV_TAG.script) {
      this.metadata = tag;
      return;
    }
    if (tag.isSequenceHeader) {
      if (tag.type === FLV_TAG.video) this.videoConfig = tag;
      else this.audioConfig = tag;
      this.broadcast(tag, ts);
      return;
    }
    this.lastTs = Math.max(this.lastTs, ts);
    if (tag.type === FLV_TAG.video) {
      this.lastFrameAt = Date.now();
      if (tag.isKeyframe) {
        this.gop = [];
        this.gopBytes = 0;
      }
      this.emit('frame', ts);
    }
    if (this.gop.length > 0 || tag.isKeyframe) {
      this.gop.push({ tag, ts });
      this.gopBytes += tag.data.length;
      if (this.gopBytes > MAX_GOP_BYTES) {
        this.gop = [];
        this.gopBytes = 0;
      }
    }
    this.broadcast(tag, ts);
  }

  private broadcast(tag: FlvTag, ts: number): void {
    let bytes: Buffer | null = null;
    for (const state of this.readers) {
      if (!state.started) {
        this.tryStart(state);
        continue; // a reader that just started got this tag from the cache
      }
      bytes ??= encodeTag(tag, ts);
      this.send(state, bytes);
    }
  }

  /** Sends the FLV header, metadata, codec configuration and the cached GOP, once they exist. */
  private tryStart(state: ReaderState): void {
    const ready = this.hasVideo ? this.videoConfig !== null && this.gop.length > 0 : this.audioConfig !== null;
    if (!ready) return;
    state.started = true;
    const parts = [flvHeader(this.hasAudio, this.hasVideo)];
    if (this.metadata) parts.push(encodeTag(this.metadata, 0));
    const first = this.gop[0]?.ts ?? this.lastTs;
    if (this.videoConfig) parts.push(encodeTag(this.videoConfig, first));
    if (this.audioConfig) parts.push(encodeTag(this.audioConfig, first));
    for (const { tag, ts } of this.gop) parts.push(encodeTag(tag, ts));
    this.send(state, Buffer.concat(parts));
  }

  private send(state: ReaderState, bytes: Buffer): void {
    if (state.reader.backlogBytes() > MAX_READER_BACKLOG_BYTES) {
      this.readers.delete(state);
      state.reader.close('reader too slow for live video');
      this.emit('readers', this.readers.size);
      return;
    }
    try {
      state.reader.write(bytes);
    } catch {
      // A failing reader is dropped; the source and the other readers go on.
      this.readers.delete(state);
      this.emit('readers', this.readers.size);
    }
  }
}

/** All sources by id. */
export class MediaHub implements Service {
  readonly name = 'media-hub';
  private readonly sources = new Map<string, HubSource>();
  private closed = false;

  source(id: string): HubSource {
    if (this.closed) throw new ClosedError('Media hub');
    let source = this.sources.get(id);
    if (!source) {
      source = new HubSource(id);
      this.sources.set(id, source);
    }
    return source;
  }

  find(id: string): HubSource | undefined {
    return this.sources.get(id);
  }

  remove(id: string): void {
    this.sources.get(id)?.closeReaders('source removed');
    this.sources.delete(id);
  }

  close(): void {
    this.closed = true;
    for (const source of this.sources.values()) source.closeReaders('engine shutting down');
    this.sources.clear();
  }
}
