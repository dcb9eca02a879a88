import { describe, expect, it } from 'vitest';
import { countdownRemaining, defaultBox, formatClock, formatCountdown, layerTitle, newImageLayer, preferredFont } from '../../../../src-renderer/pages/program/layer-kinds';
import { fpsTone, formatKbps, formatMs, formatUptime, outputTone, speedTone } from '../../../../src-renderer/pages/program/output-format';
import { nextAnchor, progressAt } from '../../../../src-renderer/pages/program/transition-progress';
import type { Layer } from '../../../../src-main/compositor/compositor-schema';

describe('fade progress between reports', () => {
  it('moves on with the local clock from the last report and stops at 1', () => {
    const anchor = { seenAt: 1_000, progress: 0.25, durationMs: 1_000 };
    expect(progressAt(anchor, 1_000)).toBe(0.25);
    expect(progressAt(anchor, 1_500)).toBe(0.75);
    expect(progressAt(anchor, 9_000)).toBe(1);
  });

  it('never moves the bar backwards for the same fade', () => {
    const first = nextAnchor(null, { progress: 0, durationMs: 1_000 }, 0);
    // At 600 ms the bar shows 0.6; a late report of 0.5 is ignored, a report of 0.7 is taken.
    expect(nextAnchor(first, { progress: 0.5, durationMs: 1_000 }, 600)).toBe(first);
    expect(nextAnchor(first, { progress: 0.7, durationMs: 1_000 }, 600)).toEqual({ seenAt: 600, progress: 0.7, durationMs: 1_000 });
  });
});

describe('layer helpers', () => {
  it('formats countdowns and counts them down from their start', () => {
    expect(formatCountdown(300)).toBe('05:00');
    expect(formatCountdown(299.2, 300)).toBe('05:00'); // rounded up, as the engine draws it
    expect(formatCountdown(3723)).toBe('01:02:03');
    expect(formatCountdown(59, 3600)).toBe('00:00:59');
    expect(formatCountdown(-5)).toBe('00:00');
    const started = new Date(10_000).toISOString();
    expect(countdownRemaining(60, null, 99_999)).toBe(60);
    expect(countdownRemaining(60, started, 40_000)).toBe(30);
    expect(countdownRemaining(60, started, 500_000)).toBe(0);
  });

  it('formats a clock in a time zone, and falls back for an unknown zone', () => {
    const noonUtc = Date.UTC(2026, 0, 15, 12, 34, 56);
    expect(formatClock('HH:mm:ss', 'UTC', noonUtc)).toBe('12:34:56');
    expect(formatClock('HH:mm', 'Asia/Tokyo', noonUtc)).toBe('21:34');
    expect(formatClock('HH:mm', 'Not/AZone', noonUtc)).toMatch(/^\d\d:\d\d$/);
  });

  it('puts the first video full frame and the next ones picture-in-picture', () => {
    expect(defaultBox('video', [])).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    const video = { kind: 'video', id: 'v', sourceId: 's', x: 0, y: 0, width: 1920, height: 1080, opacity: 1, visible: true, fit: 'contain' } as Layer;
    expect(defaultBox('video', [video]).width).toBeLessThan(1920);
  });

  it('sizes an image layer to the image, centred, within 800×600', () => {
    const layer = newImageLayer({ id: 'a', width: 1600, height: 400 });
    expect(layer).toMatchObject({ kind: 'image', assetId: 'a', width: 800, height: 200, x: 560, y: 440 });
  });

  it('titles layers by name, else by content', () => {
    const text = { kind: 'text', id: 't', text: 'Breaking news\nmore', x: 0, y: 0, width: 10, height: 10, opacity: 1, visible: true } as Layer;
    expect(layerTitle(text, () => '', () => '')).toBe('Breaking news');
    expect(layerTitle({ ...text, name: 'Headline' } as Layer, () => '', () => '')).toBe('Headline');
  });

  it('prefers the default font when installed', () => {
    expect(preferredFont(['Liberation Sans', 'DejaVu Sans'])).toBe('DejaVu Sans');
    expect(preferredFont(['Liberation Sans'])).toBe('Liberation Sans');
    expect(preferredFont(undefined)).toBe('DejaVu Sans');
  });
});

describe('output health colours and figures', () => {
  it('colours states and keeps-up figures', () => {
    expect(outputTone('live')).toBe('ok');
    expect(outputTone('retrying')).toBe('warn');
    expect(outputTone('failed')).toBe('error');
    const live = (outputFps: number | null) => ({ fps: 30, status: { state: 'live' as const, outputFps } as never });
    expect(fpsTone(live(29.9))).toBe('ok');
    expect(fpsTone(live(26))).toBe('warn');
    expect(fpsTone(live(12))).toBe('error');
    expect(fpsTone(live(null))).toBe('idle');
    expect(speedTone(1.0)).toBe('ok');
    expect(speedTone(0.5)).toBe('error');
  });

  it('formats bitrates and uptimes', () => {
    expect(formatKbps(6000)).toBe('6.00 Mb/s');
    expect(formatKbps(850.4)).toBe('850 kb/s');
    expect(formatKbps(null)).toBe('–');
    expect(formatUptime(new Date(0).toISOString(), 65_000)).toBe('1 m 05 s');
    expect(formatUptime(null, 1)).toBe('–');
    expect(formatMs(3.24)).toBe('3.2 ms');
    expect(formatMs(14.6)).toBe('15 ms');
    expect(formatMs(null)).toBe('–');
  });
});
