import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/logging/logger';
import { encodeTag, FLV_TAG, FlvParser, flvHeader, type FlvTag } from '../../../src-main/media/hub/flv-parser';
import { MediaHub } from '../../../src-main/media/hub/media-hub';
import { SlotFeed } from '../../../src-main/compositor/slot-feed';
import type { SlateStill } from '../../../src-main/compositor/slate-stills';
import { waitFor } from '../../fixtures/wait-for';

/**
 * A video slot's feed with a real hub: the slate while there is no source, the source from its
 * keyframe (with its decoder configuration), the slate again when the source goes quiet.
 */
function videoTag(kind: 'config' | 'key' | 'inter', marker: number): FlvTag {
  // AVC: frame type (1 key, 2 inter) << 4 | codec 7; packet type 0 = sequence header, 1 = NALU.
  const data = Buffer.from([(kind === 'inter' ? 0x20 : 0x10) | 7, kind === 'config' ? 0 : 1, 0, 0, 0, marker]);
  return { type: FLV_TAG.video, timestamp: 0, data, isKeyframe: kind !== 'inter', isSequenceHeader: kind === 'config' };
}

const SLATE: SlateStill = { config: videoTag('config', 200), keyframe: videoTag('key', 201) };
const feeds: SlotFeed[] = [];
afterEach(() => {
  for (const feed of feeds.splice(0)) feed.close();
});

function collect(pipe: PassThrough): number[] {
  const markers: number[] = [];
  const parser = new FlvParser(
    () => undefined,
    (tag) => markers.push(tag.data.at(-1)!),
  );
  pipe.on('data', (chunk: Buffer) => parser.push(chunk));
  return markers;
}

describe('SlotFeed', () => {
  it('shows the slate, then the source from a keyframe, then the slate when the source goes quiet', async () => {
    const hub = new MediaHub();
    const feed = new SlotFeed(0, hub, silentLogger());
    feeds.push(feed);
    const pipe = new PassThrough();
    const markers = collect(pipe);
    feed.begin(pipe);
    feed.assign('cam1', SLATE);
    await waitFor('the slate', async () => markers.filter((m) => m === 201).length >= 2);
    expect(markers.slice(0, 2)).toEqual([200, 201]);

    // The camera appears in the hub and sends a GOP.
    const write = hub.source('cam1').beginStream();
    let ts = 0;
    const send = (tag: FlvTag) => write(encodeTag(tag, (ts += 40)));
    write(flvHeader(false, true));
    send(videoTag('config', 100));
    send(videoTag('inter', 9)); // before any keyframe: never forwarded
    send(videoTag('key', 101));
    const sender = setInterval(() => send(videoTag('inter', 102)), 40);
    try {
      await waitFor('the source', async () => markers.includes(102));
      const from = markers.indexOf(100);
      expect(markers.slice(from, from + 3)).toEqual([100, 101, 102]);
      expect(markers).not.toContain(9);
      expect(feed.state).toEqual({ sourceId: 'cam1', mode: 'live' });
    } finally {
      clearInterval(sender);
    }
    // Quiet: the slate's configuration and keyframes again.
    const quietAt = markers.length;
    await waitFor('the slate after the source went quiet', async () => markers.slice(quietAt).includes(200) && feed.state.mode === 'slate', 10_000);
    const back = markers.indexOf(200, quietAt);
    expect(markers[back + 1]).toBe(201);
  });

  it('switches to another source at its keyframe, and to the slate for a source that does not exist', async () => {
    const hub = new MediaHub();
    const write = hub.source('cam2').beginStream();
    write(flvHeader(false, true));
    write(encodeTag(videoTag('config', 110), 0));
    write(encodeTag(videoTag('key', 111), 40));
    const feed = new SlotFeed(1, hub, silentLogger());
    feeds.push(feed);
    const pipe = new PassThrough();
    const markers = collect(pipe);
    feed.begin(pipe);
    // Joins at the hub's cached keyframe at once.
    feed.assign('cam2', SLATE);
    await waitFor('the second source', async () => markers.includes(111));
    expect(markers.slice(markers.indexOf(110), markers.indexOf(110) + 2)).toEqual([110, 111]);
    const switchedAt = markers.length;
    feed.assign('nope', SLATE);
    await waitFor('the slate for a missing source', async () => markers.slice(switchedAt).includes(201));
    expect(feed.state).toEqual({ sourceId: 'nope', mode: 'slate' });
  });
});
