import { z } from 'zod';
import {
  clockLayerSchema,
  colorLayerSchema,
  countdownLayerSchema,
  imageLayerSchema,
  lowerThirdLayerSchema,
  outputInputSchema,
  textLayerSchema,
  VIDEO_FITS,
  videoLayerSchema,
} from './compositor-schema';

const id = z.string().min(1).max(64);
const withId = { id };

/**
 * A stored video layer. Older states may hold fields since withdrawn, which load as what they
 * showed: `audio` (never mixed) is dropped, and `fit: 'cover'` (drawn stretched) becomes `stretch`.
 */
const storedVideoLayerSchema = z.object({
  ...videoLayerSchema.shape,
  ...withId,
  fit: z
    .enum([...VIDEO_FITS, 'cover'])
    .default('stretch')
    .transform((fit): (typeof VIDEO_FITS)[number] => (fit === 'cover' ? 'stretch' : fit)),
});

/** A stored layer: one of the kinds' schemas plus the id the engine gave it. */
export const storedLayerSchema = z.discriminatedUnion('kind', [
  storedVideoLayerSchema,
  imageLayerSchema.extend(withId),
  textLayerSchema.extend(withId),
  clockLayerSchema.extend(withId),
  countdownLayerSchema.extend(withId),
  colorLayerSchema.extend(withId),
  lowerThirdLayerSchema.extend(withId),
]);

export const storedSceneSchema = z.object({
  id,
  name: z.string().min(1).max(80),
  /** Bottom first. */
  layers: z.array(storedLayerSchema).default([]),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type StoredScene = z.output<typeof storedSceneSchema>;

export const storedAssetSchema = z.object({
  id,
  name: z.string().min(1).max(80),
  format: z.enum(['png', 'jpeg', 'svg']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  /** The file's name under `<data-dir>/compositor/assets/`. */
  file: z.string().regex(/^[A-Za-z0-9_-]+\.(png|jpg|svg)$/),
  createdAt: z.iso.datetime(),
});
export type StoredAsset = z.output<typeof storedAssetSchema>;

export const storedOutputSchema = outputInputSchema.extend({ id, createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() });
export type StoredOutput = z.output<typeof storedOutputSchema>;

export const storedMixerSchema = z.object({
  programSceneId: id.nullable().default(null),
  previewSceneId: id.nullable().default(null),
});

/** The compositor domain's slices of the persisted state (spread into store/schema.ts). */
export const compositorStateShape = {
  compositorScenes: z.array(storedSceneSchema).default([]),
  compositorAssets: z.array(storedAssetSchema).default([]),
  compositorOutputs: z.array(storedOutputSchema).default([]),
  compositorMixer: storedMixerSchema.prefault({}),
};
