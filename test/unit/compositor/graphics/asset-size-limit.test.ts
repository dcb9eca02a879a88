import { describe, expect, it } from 'vitest';
import { AssetError, validateAsset } from '../../../../src-main/compositor/graphics/asset-validation';
import { pngClaiming } from '../../../integration/compositor/images';

async function message(bytes: Buffer): Promise<string> {
  const err = await validateAsset(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AssetError);
  return (err as Error).message;
}

describe('validateAsset names a huge image as too large', () => {
  it('when its header is beyond what libvips reads (sharp refuses it before giving a size)', async () => {
    const text = await message(pngClaiming(2_000_000_000, 2));
    expect(text).toBe('The image is too large to be read; at most 8192×8192 is accepted.');
    expect(text).not.toMatch(/not an image/);
  });

  it('with its size when the header can be read', async () => {
    expect(await message(pngClaiming(30_000, 30_000))).toBe('The image is 30000×30000 pixels; at most 8192×8192 is accepted.');
  });
});
