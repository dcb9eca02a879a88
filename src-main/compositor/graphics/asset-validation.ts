import sharp from 'sharp';
import { CANVAS_HEIGHT, CANVAS_WIDTH, MAX_ASSET_BYTES, MAX_ASSET_PIXELS } from '../compositor-schema';
import { SvgSafetyError, checkSvgText } from './svg-safety';

/** A file refused as an image asset; the message is for the operator. */
export class AssetError extends Error {
  override readonly name = 'AssetError';
}

/** The longest side an asset may have (MAX_ASSET_PIXELS is this squared). */
export const MAX_ASSET_SIDE = Math.floor(Math.sqrt(MAX_ASSET_PIXELS));

const ACCEPTED = ['png', 'jpeg', 'svg'] as const;
/** An image that takes longer than this to decode (an SVG full of costly filters) would stall every render of it. */
export const ASSET_DECODE_TIMEOUT_SECONDS = 5;
type AssetFormat = (typeof ACCEPTED)[number];

/** Text that starts (after a BOM and whitespace) with `<` is treated as XML: only SVG may be. */
function looksLikeXml(bytes: Buffer): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c;
}

function checkSvg(bytes: Buffer): void {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) throw new AssetError('The SVG is UTF-16 text: only UTF-8 SVGs are accepted.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AssetError('The SVG is not valid UTF-8 text.');
  }
  try {
    checkSvgText(text);
  } catch (err) {
    if (err instanceof SvgSafetyError) throw new AssetError(err.message);
    throw err;
  }
}

/** sharp's pixel-limit error, and libvips' refusal of a header whose side is beyond what it reads. */
function isSizeLimitError(err: unknown): boolean {
  return /exceeds pixel limit|exceeds user limit|image (width|height|dimensions?) .*(too large|exceeds)/i.test((err as Error)?.message ?? '');
}

function tooLarge(width?: number, height?: number): AssetError {
  const size = width && height ? `${width}×${height} pixels` : 'too large to be read';
  return new AssetError(`The image is ${size}; at most ${MAX_ASSET_SIDE}×${MAX_ASSET_SIDE} is accepted.`);
}

/**
 * Checks an uploaded image by reading it, not by its name: a PNG, JPEG or safe SVG, at most
 * MAX_ASSET_SIDE pixels on each side (read from the header, so a huge image is refused before
 * it is decoded), and decodable to the end (a truncated or corrupt file is refused).
 */
export async function validateAsset(
  bytes: Buffer,
  options: { decodeTimeoutSeconds?: number } = {},
): Promise<{ format: AssetFormat; width: number; height: number }> {
  if (bytes.length === 0) throw new AssetError('The file is empty.');
  if (bytes.length > MAX_ASSET_BYTES) throw new AssetError(`The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; an image is at most ${MAX_ASSET_BYTES / 1024 / 1024} MB.`);
  const xml = looksLikeXml(bytes);
  if (xml) checkSvg(bytes);

  const decodeOptions: sharp.SharpOptions = { limitInputPixels: MAX_ASSET_PIXELS, failOn: 'error' };
  const timeoutSeconds = options.decodeTimeoutSeconds ?? ASSET_DECODE_TIMEOUT_SECONDS;
  let meta: sharp.Metadata;
  try {
    // The header only (no pixels are decoded), read without the pixel limit so a huge image is named with its size.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    // A header whose size libvips will not even read (a side over its own limit) is an image, just far too large.
    if (isSizeLimitError(err)) throw tooLarge();
    throw new AssetError(xml ? 'The SVG cannot be read as an image.' : 'The file is not an image (PNG, JPEG or SVG expected).');
  }
  const format = meta.format as string | undefined;
  if (!ACCEPTED.includes(format as AssetFormat)) throw new AssetError(`The file is ${format ? `a ${format.toUpperCase()} image` : 'not an image'}; upload a PNG, JPEG or SVG.`);
  // An SVG that was not checked above (gzip-compressed, say) is refused: it was never read.
  if (format === 'svg' && !xml) throw new AssetError('Compressed SVG (SVGZ) is not accepted; upload the plain SVG.');
  const { width, height } = meta;
  if (!width || !height) throw new AssetError('The image has no size.');
  if (width > MAX_ASSET_SIDE || height > MAX_ASSET_SIDE) {
    throw tooLarge(width, height);
  }
  try {
    // Decoding every pixel (scaled down on the way: little memory) finds truncated and corrupt data.
    // An SVG is drawn at the canvas size it may be shown at, since its cost grows with the size drawn.
    const [w, h] = format === 'svg' ? [CANVAS_WIDTH, CANVAS_HEIGHT] : [64, 64];
    const started = performance.now();
    await sharp(bytes, decodeOptions).timeout({ seconds: Math.max(1, Math.ceil(timeoutSeconds)) }).resize(w, h, { fit: 'inside' }).raw().toBuffer();
    // librsvg draws in one call that libvips cannot interrupt, so a slow SVG is caught by its time.
    if (performance.now() - started > timeoutSeconds * 1000) throw new Error('timeout');
  } catch (err) {
    if (isSizeLimitError(err)) throw tooLarge();
    if (/timeout/i.test((err as Error).message)) throw new AssetError(`The image takes more than ${timeoutSeconds} s to draw; simplify it (SVG filters are costly).`);
    throw new AssetError(`The image is damaged and cannot be decoded (${(err as Error).message.split('\n', 1)[0]}).`);
  }
  return { format: format as AssetFormat, width, height };
}
