import zlib from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AssetError, validateAsset } from '../../../../src-main/compositor/graphics/asset-validation';

const svg = (body: string, attrs = ''): Buffer => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50"${attrs}>${body}</svg>`);

async function refused(bytes: Buffer, message: RegExp, decodeTimeoutSeconds?: number): Promise<void> {
  const err = await validateAsset(bytes, { decodeTimeoutSeconds }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AssetError);
  expect((err as Error).message).toMatch(message);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A valid PNG whose header claims `width`×`height`, with one tiny compressed row: never decodable in full, cheap to make. */
function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(1 + width * 3))), chunk('IEND', Buffer.alloc(0))]);
}

const TINY_PNG_BASE64 = (await sharp({ create: { width: 2, height: 2, channels: 3, background: '#ff0000' } }).png().toBuffer()).toString('base64');

describe('validateAsset accepts', () => {
  it('a PNG, a JPEG and a plain SVG, with their sizes', async () => {
    const png = await sharp({ create: { width: 320, height: 200, channels: 4, background: '#ff000080' } }).png().toBuffer();
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#00ff00' } }).jpeg().toBuffer();
    expect(await validateAsset(png)).toEqual({ format: 'png', width: 320, height: 200 });
    expect(await validateAsset(jpeg)).toEqual({ format: 'jpeg', width: 64, height: 48 });
    expect(await validateAsset(svg('<rect width="100" height="50" fill="red"/>'))).toEqual({ format: 'svg', width: 100, height: 50 });
  });

  it('an SVG with an XML declaration, comments, a style sheet, gradients by #id and embedded images', async () => {
    const doc = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<!-- a logo -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 200 100">
  <style><![CDATA[ .a { fill: url(#g); } ]]></style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></linearGradient></defs>
  <rect class="a" width="200" height="100" style="stroke: url('#g')"/>
  <use xlink:href="#g"/>
  <image href="data:image/png;base64,${TINY_PNG_BASE64}" width="10" height="10"/>
  <image href="data:image/svg+xml;utf8,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E" width="4" height="4"/>
  <text x="10" y="50">onload = "url(http://evil)" is only text here</text>
</svg>`);
    expect(await validateAsset(doc)).toEqual({ format: 'svg', width: 200, height: 100 });
  });
});

describe('validateAsset refuses', () => {
  it('a file that is not an image, or is empty', async () => {
    await refused(Buffer.from('this is a text file, not an image'), /not an image/);
    await refused(Buffer.from('%PDF-1.4 fake'), /not an image/);
    await refused(Buffer.alloc(0), /empty/);
  });

  it('an image in another format (GIF, WebP)', async () => {
    await refused(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).gif().toBuffer(), /GIF.*PNG, JPEG or SVG/);
    await refused(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).webp().toBuffer(), /WEBP.*PNG, JPEG or SVG/);
  });

  it('a truncated image', async () => {
    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#123456' }, }).png({ compressionLevel: 0 }).toBuffer();
    await refused(png.subarray(0, png.length / 2), /damaged|not an image/);
  });

  it('a huge image, from its header, without decoding it', async () => {
    const huge = pngClaiming(100_000, 100_000);
    expect(huge.length).toBeLessThan(400_000);
    await refused(huge, /100000×100000 pixels; at most 8192×8192/);
    await refused(pngClaiming(9000, 10), /9000×10 pixels; at most 8192×8192/);
    await refused(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"/>'), /20000×20000 pixels/);
  });

  it('an SVG with a script', async () => {
    await refused(svg('<script>alert(1)</script>'), /<script> element/);
    await refused(svg('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'), /script/);
    await refused(svg('<SCRIPT>alert(1)</SCRIPT>'), /script/i);
  });

  it('an SVG with event handler attributes', async () => {
    await refused(svg('', ' onload="alert(1)"'), /event handler attribute \(onload on <svg>\)/);
    await refused(svg('<rect width="1" height="1" onclick=\'alert(1)\'/>'), /event handler/);
    await refused(svg('<rect width="1" height="1" ONMOUSEOVER="x"/>'), /event handler/);
    await refused(svg('<set attributeName="onmouseover" to="alert(1)"/>'), /animates/);
  });

  it('an SVG with <foreignObject>', async () => {
    await refused(svg('<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>'), /foreignObject/);
  });

  it('an SVG with external references (href, xlink:href, url(), @import), however written', async () => {
    await refused(svg('<image href="http://example.com/a.png" width="1" height="1"/>'), /refers to "http:\/\/example.com\/a.png"/);
    await refused(svg('<image xlink:href="file:///etc/passwd" width="1" height="1"/>'), /file:\/\/\/etc\/passwd/);
    await refused(svg('<use href="other.svg#a"/>'), /other.svg#a/);
    await refused(svg('<a href="javascript:alert(1)"><rect width="1" height="1"/></a>'), /javascript/);
    await refused(svg('<a href="&#106;avascript:alert(1)"><rect width="1" height="1"/></a>'), /javascript/);
    await refused(svg('<image href="&#x68;ttps://evil.example/x.png" width="1" height="1"/>'), /https:\/\/evil.example/);
    await refused(svg('<rect width="1" height="1" fill="url(https://evil.example/p.svg#g)"/>'), /https:\/\/evil.example\/p.svg#g/);
    await refused(svg('<rect width="1" height="1" style="fill: url( \'//evil.example/x\' )"/>'), /evil.example/);
    await refused(svg('<style>rect { fill: url(http://evil.example/x) }</style>'), /evil.example/);
    await refused(svg('<style><![CDATA[ @import "http://evil.example/a.css"; ]]></style>'), /imports/);
    await refused(svg('<style>rect { fill: u\\72l(http://evil.example/x) }</style>'), /escapes/);
    await refused(svg('<image href="data:text/html;base64,PHNjcmlwdD4=" width="1" height="1"/>'), /data:text\/html/);
  });

  it('an SVG embedding an SVG that has a script', async () => {
    const inner = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
    await refused(svg(`<image href="data:image/svg+xml;base64,${inner}" width="1" height="1"/>`), /script/);
  });

  it('an SVG with a DOCTYPE, entities or processing instructions', async () => {
    await refused(Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">&b;</svg>'), /DOCTYPE or entity/);
    await refused(Buffer.from('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>'), /DOCTYPE/);
    await refused(svg('<text x="1" y="1" fill="&foo;">a</text>'), /entity "&foo;"/);
    await refused(Buffer.from('<?xml version="1.0"?><?xml-stylesheet href="http://evil.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>'), /processing instruction/);
  });

  it('XML that is not an SVG, or not well-formed, or not UTF-8', async () => {
    await refused(Buffer.from('<html><body>hi</body></html>'), /root element is <html>/);
    await refused(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width=1 height=1/></svg>'), /not well-formed/);
    await refused(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'), /not well-formed/);
    await refused(Buffer.concat([Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><text>'), Buffer.from([0xff, 0xfe]), Buffer.from('</text></svg>')]), /UTF-8/);
    await refused(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"/>'), /UTF-8/);
  });

  it('an image that takes too long to draw (an SVG of costly filters)', async () => {
    const costly = svg('<filter id="f"><feTurbulence baseFrequency="0.01" numOctaves="10"/></filter><rect width="4000" height="4000" filter="url(#f)"/>').toString().replace('width="100" height="50"', 'width="4000" height="4000"');
    // About 2 s here: ten times the limit, so a faster machine still trips it.
    await refused(Buffer.from(costly), /more than 0.2 s to draw/, 0.2);
  }, 30_000);

  it('a gzip-compressed SVG (its content cannot be checked)', async () => {
    await refused(zlib.gzipSync(svg('<script>alert(1)</script>')), /SVGZ|not an image/);
  });
});
