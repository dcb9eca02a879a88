import sharp from 'sharp';
import { escapeMarkup, fontDescription, sanitizeText } from './text-render';

/** Long enough for any source name; the card must stay readable. */
const MAX_LABEL_CHARS = 80;

/**
 * The card shown in a video layer whose source is missing (a camera down): dark grey, a red
 * stripe, "NO SIGNAL — <label>" centred in white. PNG, so FFmpeg can loop it as an input.
 */
export async function renderSlatePng(width: number, height: number, label: string): Promise<Buffer> {
  const w = Math.max(16, Math.round(width));
  const h = Math.max(16, Math.round(height));
  const sizePx = Math.max(8, Math.min(h / 10, w / 24));
  const clean = sanitizeText(label, MAX_LABEL_CHARS).replace(/\n/g, ' ').trim();
  const markup = `<span foreground="#ffffff"><b>NO SIGNAL</b>${clean ? ` — ${escapeMarkup(clean)}` : ''}</span>`;
  const overlays: sharp.OverlayOptions[] = [
    { input: { create: { width: w, height: Math.max(2, Math.round(h * 0.02)), channels: 4, background: '#dc2626' } }, left: 0, top: Math.round(h * 0.7) },
  ];
  try {
    const { data, info } = await sharp({ text: { text: markup, font: fontDescription('DejaVu Sans', false, sizePx), dpi: 72, rgba: true, width: Math.round(w * 0.9), align: 'centre' } })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const tw = Math.min(info.width, w);
    const th = Math.min(info.height, h);
    const text = tw === info.width && th === info.height ? data : await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).extract({ left: 0, top: 0, width: tw, height: th }).raw().toBuffer();
    overlays.push({ input: text, raw: { width: tw, height: th, channels: 4 }, left: Math.round((w - tw) / 2), top: Math.round((h - th) / 2) });
  } catch {
    // Without text (no font at all) the grey card with its red stripe still says "no picture".
  }
  return sharp({ create: { width: w, height: h, channels: 3, background: '#1f2937' } }).composite(overlays).png().toBuffer();
}
