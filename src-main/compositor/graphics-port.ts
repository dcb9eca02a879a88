/**
 * The graphics engine as the compositor uses it (renderer, asset validation, fonts, slates).
 * One import point, so the rest of the compositor does not depend on the graphics folder's layout.
 */
export { GraphicsRenderer } from './graphics/graphics-renderer';
export type { PlaneRequest, PlaneResult } from './graphics/graphics-renderer';
export { AssetError, validateAsset } from './graphics/asset-validation';
export { listFonts, assertFontExists } from './graphics/fonts';
export { renderSlatePng } from './graphics/slate';
export { isValidTimeZone } from './graphics/time-text';
export { transparentYuva } from './graphics/yuva';
