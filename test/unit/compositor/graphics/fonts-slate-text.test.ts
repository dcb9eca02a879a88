import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AssetError } from '../../../../src-main/compositor/graphics/asset-validation';
import { assertFontExists, listFonts, parseFcListFamilies, readFontFamilies, scanFontDirectories } from '../../../../src-main/compositor/graphics/fonts';
import { renderSlatePng } from '../../../../src-main/compositor/graphics/slate';
import { clampToBox, escapeMarkup, fontDescription, renderTextLine, sanitizeText } from '../../../../src-main/compositor/graphics/text-render';
import { countdownSecondsLeft, formatClock, formatCountdown, isValidTimeZone } from '../../../../src-main/compositor/graphics/time-text';

describe('fonts', () => {
  it('lists the installed families (fontconfig), including the default DejaVu Sans', async () => {
    const fonts = await listFonts();
    expect(fonts).toContain('DejaVu Sans');
    expect(new Set(fonts).size).toBe(fonts.length);
    expect(await listFonts()).toBe(fonts); // cached
  });

  it('accepts an installed family in any case, refuses a missing one with a clear message', async () => {
    await expect(assertFontExists('DejaVu Sans')).resolves.toBeUndefined();
    await expect(assertFontExists('dejavu sans')).resolves.toBeUndefined();
    const err = await assertFontExists('Comic Sans Nonexistent').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssetError);
    expect((err as Error).message).toMatch(/^The font "Comic Sans Nonexistent" is not installed on this machine\. Available: .*DejaVu Sans/);
  });

  it('without fc-list (Windows, macOS), reads the same families from the font files themselves', async () => {
    expect(await scanFontDirectories(['/usr/share/fonts'])).toEqual(await listFonts());
    expect(await readFontFamilies('/etc/hostname')).toEqual([]);
    expect(await scanFontDirectories(['/nonexistent-font-dir'])).toEqual([]);
  });

  it("reads fc-list's families: several names a line, escaped commas", () => {
    expect(parseFcListFamilies('DejaVu Sans,DejaVu Sans Condensed\nFoo\\, Bar\n\nDejaVu Sans\n')).toEqual(['DejaVu Sans', 'DejaVu Sans Condensed', 'Foo, Bar']);
  });
});

describe('slate', () => {
  it('is a PNG of the asked size, dark, with white "NO SIGNAL" text in the middle and a red stripe', async () => {
    const png = await renderSlatePng(1280, 720, 'Camera 1 <b>&</b>');
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.format]).toEqual([1280, 720, 'raw']);
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(at(10, 10)).toEqual([0x1f, 0x29, 0x37]);
    expect(at(640, Math.round(720 * 0.7) + 2)).toEqual([0xdc, 0x26, 0x26]);
    let white = 0;
    let whiteLeft = info.width;
    let whiteRight = 0;
    for (let y = 300; y < 420; y++) {
      for (let x = 0; x < info.width; x++) {
        const [r, g, b] = at(x, y);
        if (r! > 240 && g! > 240 && b! > 240) {
          white++;
          whiteLeft = Math.min(whiteLeft, x);
          whiteRight = Math.max(whiteRight, x);
        }
      }
    }
    expect(white).toBeGreaterThan(1000);
    expect(Math.abs((whiteLeft + whiteRight) / 2 - 640)).toBeLessThan(20);
    // The label was escaped (markup would have failed, or dropped "<b>" and "&"): wider than the same text without them.
    const plain = await sharp(await renderSlatePng(1280, 720, 'Camera 1 ')).raw().toBuffer();
    expect(plain.equals(data)).toBe(false);
  });

  it('survives an absurd label', async () => {
    const png = await renderSlatePng(640, 360, '\u0000<'.repeat(100_000));
    expect((await sharp(png).metadata()).width).toBe(640);
  });
});

describe('text for Pango', () => {
  it('escapes markup', () => {
    expect(escapeMarkup(`<span foreground="red">&'</span>`)).toBe('&lt;span foreground=&quot;red&quot;&gt;&amp;&#39;&lt;/span&gt;');
  });

  it('clamps and cleans text: length, control characters, lone surrogates, zalgo', () => {
    expect(sanitizeText('x'.repeat(100_000))).toHaveLength(2000);
    expect(sanitizeText('a\u0000b\u0007c\r\nd\te')).toBe('abc\nd    e');
    expect(sanitizeText('a\ud800b')).toBe('a\ufffdb');
    expect(sanitizeText('😀')).toBe('😀');
    expect(sanitizeText(`e${'\u0301'.repeat(50)}`)).toBe(`e${'\u0301'.repeat(4)}`);
  });

  it('bounds text to what its box can show', () => {
    expect(clampToBox('a\n'.repeat(1000), 1000, 100, 50).split('\n')).toHaveLength(3); // two lines fit, one more may peek in
    expect(clampToBox('w'.repeat(2000), 100, 100, 50).length).toBeLessThan(100);
  });

  it('shortens a line that does not fit with an ellipsis (lower thirds)', async () => {
    const style = { family: 'DejaVu Sans', sizePx: 40, bold: true, color: { r: 255, g: 255, b: 255, a: 255 } };
    const long = 'An extremely long title that certainly does not fit into the bar at all';
    const clipped = (await renderTextLine(long, style, 500))!;
    const shortened = (await renderTextLine(long, style, 500, { ellipsize: true }))!;
    expect(clipped.image.width - 2 * clipped.inset).toBeGreaterThan(500);
    expect(shortened.image.width - 2 * shortened.inset).toBeLessThanOrEqual(500);
    expect(shortened.image.width - 2 * shortened.inset).toBeGreaterThan(350); // not cut much shorter than needed
    const fits = (await renderTextLine('Short', style, 500, { ellipsize: true }))!;
    expect(fits.image.width).toBe((await renderTextLine('Short', style, 500))!.image.width);
  });

  it('makes a font description that cannot smuggle a fallback list', () => {
    expect(fontDescription('DejaVu Sans', true, 48)).toBe('DejaVu Sans, Bold 48');
    expect(fontDescription('Evil, Bold 400', false, 10)).toBe('Evil  Bold 400, 10');
  });
});

describe('clock and countdown text', () => {
  const now = new Date('2026-07-01T23:59:58.900Z');
  it('formats a clock in a time zone', () => {
    expect(formatClock(now, 'HH:mm:ss', 'UTC')).toBe('23:59:58');
    expect(formatClock(now, 'HH:mm', 'Europe/Paris')).toBe('01:59');
    expect(formatClock(new Date('2026-07-01T00:05:00Z'), 'HH:mm:ss', 'UTC')).toBe('00:05:00');
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('counts down in whole seconds, rounding up, from the full duration to zero', () => {
    expect(countdownSecondsLeft(300, null, now)).toBe(300);
    expect(countdownSecondsLeft(300, '2026-07-01T23:59:58.900Z', now)).toBe(300);
    expect(countdownSecondsLeft(300, '2026-07-01T23:59:58.000Z', now)).toBe(300);
    expect(countdownSecondsLeft(300, '2026-07-01T23:59:57.900Z', now)).toBe(299);
    expect(countdownSecondsLeft(300, '2026-07-02T00:10:00.000Z', now)).toBe(300); // starts in the future
    expect(countdownSecondsLeft(300, '2026-07-01T00:00:00.000Z', now)).toBe(0);
    expect(formatCountdown(300, 299)).toBe('04:59');
    expect(formatCountdown(5400, 3725)).toBe('01:02:05');
    expect(formatCountdown(5400, 59)).toBe('00:00:59');
    expect(formatCountdown(300, 0)).toBe('00:00');
  });
});
