/**
 * The graphics engine as the compositor uses it (renderer, asset validation, fonts, slates).
 * One import point, so switching implementations touches one file.
 */
export { GraphicsRenderer, AssetError, validateAsset, listFonts, assertFontExists, renderSlatePng } from './graphics-standin';
export type { PlaneRequest, PlaneResult } from './graphics-standin';
