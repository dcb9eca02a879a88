import fs from 'node:fs/promises';

/**
 * The playable duration of a fragmented MP4 segment (`empty_moov+frag_keyframe`), read from its
 * boxes without FFprobe: the track timescales from `moov`, then every `moof`'s decode times and
 * sample durations. A segment cut short by a crash is measured up to its last whole fragment.
 */
/** Boxes worth reading whole; everything else (mdat above all) is skipped by its size. */
const READ_WHOLE = new Set(['moov', 'moof']);
const MAX_READ_BOX = 16 * 1024 * 1024;

interface Track {
  timescale: number;
  handler: string;
  defaultDuration: number;
}

interface Span {
  start: number;
  end: number;
}

/** Seconds, or null when the file holds no whole fragment or is not a fragmented MP4. */
export async function fragmentedMp4Duration(file: string): Promise<number | null> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tracks = new Map<number, Track>();
    const spans = new Map<number, Span>();
    /** The last fragment's spans, counted once its media data is whole. */
    let pending: Map<number, Span> | null = null;
    const header = Buffer.alloc(16);
    let pos = 0;
    while (pos + 8 <= size) {
      const { bytesRead } = await handle.read(header, 0, 16, pos);
      if (bytesRead < 8) break;
      let boxSize = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      let headerSize = 8;
      if (boxSize === 1) {
        if (bytesRead < 16) break;
        boxSize = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) {
        boxSize = size - pos;
      }
      if (boxSize < headerSize || pos + boxSize > size) break; // truncated: the fragment being written when it stopped
      if (READ_WHOLE.has(type) && boxSize <= MAX_READ_BOX) {
        const body = Buffer.alloc(boxSize - headerSize);
        await handle.read(body, 0, body.length, pos + headerSize);
        if (type === 'moov') readMoov(body, tracks);
        else readMoof(body, tracks, (pending = new Map()));
      }
      if (type === 'mdat' && pending) {
        mergeSpans(spans, pending);
        pending = null;
      }
      pos += boxSize;
    }
    const trackId = pickTrack(tracks, spans);
    if (trackId === null) return null;
    const track = tracks.get(trackId)!;
    const span = spans.get(trackId)!;
    return (span.end - span.start) / track.timescale;
  } finally {
    await handle.close();
  }
}

function mergeSpans(into: Map<number, Span>, from: Map<number, Span>): void {
  for (const [id, span] of from) {
    const current = into.get(id);
    if (current) {
      current.start = Math.min(current.start, span.start);
      current.end = Math.max(current.end, span.end);
    } else {
      into.set(id, { ...span });
    }
  }
}

function pickTrack(tracks: Map<number, Track>, spans: Map<number, Span>): number | null {
  const measured = [...spans.keys()].filter((id) => (tracks.get(id)?.timescale ?? 0) > 0);
  return measured.find((id) => tracks.get(id)!.handler === 'vide') ?? measured[0] ?? null;
}

/** Calls `visit` for each child box of `buf[start, end)`. */
function eachBox(buf: Buffer, start: number, end: number, visit: (type: string, bodyStart: number, bodyEnd: number) => void): void {
  let p = start;
  while (p + 8 <= end) {
    let size = buf.readUInt32BE(p);
    const type = buf.toString('latin1', p + 4, p + 8);
    let header = 8;
    if (size === 1) {
      if (p + 16 > end) return;
      size = Number(buf.readBigUInt64BE(p + 8));
      header = 16;
    } else if (size === 0) {
      size = end - p;
    }
    if (size < header || p + size > end) return;
    visit(type, p + header, p + size);
    p += size;
  }
}

function readMoov(buf: Buffer, tracks: Map<number, Track>): void {
  const walkTrak = (start: number, end: number) => {
    let id = -1;
    let timescale = 0;
    let handler = '';
    const visit = (type: string, s: number, e: number): void => {
      if (type === 'tkhd' && e - s >= 24) id = buf.readUInt32BE(s + (buf[s] === 1 ? 20 : 12));
      else if (type === 'mdhd' && e - s >= 24) timescale = buf.readUInt32BE(s + (buf[s] === 1 ? 20 : 12));
      else if (type === 'hdlr' && e - s >= 12) handler = buf.toString('latin1', s + 8, s + 12);
      else if (type === 'mdia' || type === 'minf') eachBox(buf, s, e, visit);
    };
    eachBox(buf, start, end, visit);
    if (id >= 0) tracks.set(id, { timescale, handler, defaultDuration: tracks.get(id)?.defaultDuration ?? 0 });
  };
  eachBox(buf, 0, buf.length, (type, s, e) => {
    if (type === 'trak') walkTrak(s, e);
    else if (type === 'mvex') {
      eachBox(buf, s, e, (child, cs, ce) => {
        if (child !== 'trex' || ce - cs < 24) return;
        const id = buf.readUInt32BE(cs + 4);
        const track = tracks.get(id) ?? { timescale: 0, handler: '', defaultDuration: 0 };
        track.defaultDuration = buf.readUInt32BE(cs + 12);
        tracks.set(id, track);
      });
    }
  });
}

function readMoof(buf: Buffer, tracks: Map<number, Track>, spans: Map<number, Span>): void {
  eachBox(buf, 0, buf.length, (type, s, e) => {
    if (type !== 'traf') return;
    let trackId = -1;
    let defaultDuration: number | null = null;
    let base: number | null = null;
    let total = 0;
    eachBox(buf, s, e, (child, cs, ce) => {
      if (child === 'tfhd' && ce - cs >= 8) {
        const flags = buf.readUInt32BE(cs) & 0xffffff;
        trackId = buf.readUInt32BE(cs + 4);
        let p = cs + 8;
        if (flags & 0x1) p += 8;
        if (flags & 0x2) p += 4;
        if (flags & 0x8 && p + 4 <= ce) defaultDuration = buf.readUInt32BE(p);
      } else if (child === 'tfdt' && ce - cs >= 8) {
        base = buf[cs] === 1 && ce - cs >= 12 ? Number(buf.readBigUInt64BE(cs + 4)) : buf.readUInt32BE(cs + 4);
      } else if (child === 'trun' && ce - cs >= 8) {
        total += trunDuration(buf, cs, ce, defaultDuration ?? tracks.get(trackId)?.defaultDuration ?? 0);
      }
    });
    if (trackId < 0 || base === null) return;
    mergeSpans(spans, new Map([[trackId, { start: base, end: (base as number) + total }]]));
  });
}

function trunDuration(buf: Buffer, start: number, end: number, defaultDuration: number): number {
  const flags = buf.readUInt32BE(start) & 0xffffff;
  const count = buf.readUInt32BE(start + 4);
  let p = start + 8;
  if (flags & 0x1) p += 4;
  if (flags & 0x4) p += 4;
  if (!(flags & 0x100)) return count * defaultDuration;
  const stride = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length;
  let total = 0;
  for (let i = 0; i < count && p + 4 <= end; i++, p += stride) total += buf.readUInt32BE(p);
  return total;
}
