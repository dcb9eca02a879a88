import { z } from 'zod';
import { recordingPolicySchema, type RecordingPolicy } from '../cameras/camera-schema';
import type { RecorderStatus } from '../recordings/recording-types';

/**
 * The compositor's data model: scenes (ordered stacks of layers), uploaded image assets,
 * program outputs and the mixer (program/preview). Layer geometry is in a fixed 1920×1080
 * canvas space whatever the output's resolution, so one scene serves 720p and 1080p outputs.
 */
export const CANVAS_WIDTH = 1920;
export const CANVAS_HEIGHT = 1080;
export const MAX_TEXT_LENGTH = 2_000;
export const MAX_LAYERS_PER_SCENE = 32;
export const MAX_SCENES = 64;
export const MAX_ASSET_BYTES = 20 * 1024 * 1024;
/** Images are decoded with this pixel limit (a "huge image" is refused, not decoded). */
export const MAX_ASSET_PIXELS = 8192 * 8192;

const id = z.string().min(1).max(64);
const name = z.string().trim().min(1).max(80);
/** `#rrggbb` or `#rrggbbaa`. */
export const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/, 'a colour is #rrggbb or #rrggbbaa');
/** A font family name; it must exist on this machine (checked against `compositor.fonts`). */
const fontFamily = z.string().trim().min(1).max(100);
const fontSize = z.number().int().min(8).max(400);
const textAlign = z.enum(['left', 'center', 'right']);
const text = (max = MAX_TEXT_LENGTH) => z.string().max(max, `a text is at most ${max} characters`);

/** Position, size and look shared by every layer kind (canvas pixels; z-order is the index in the scene). */
export const layerBaseShape = {
  name: name.optional(),
  x: z.number().int().min(-CANVAS_WIDTH).max(CANVAS_WIDTH * 2),
  y: z.number().int().min(-CANVAS_HEIGHT).max(CANVAS_HEIGHT * 2),
  width: z.number().int().min(1).max(CANVAS_WIDTH * 2),
  height: z.number().int().min(1).max(CANVAS_HEIGHT * 2),
  opacity: z.number().min(0).max(1).default(1),
  visible: z.boolean().default(true),
};

const textStyleShape = {
  font: fontFamily.default('DejaVu Sans'),
  fontSize: fontSize.default(48),
  color: colorSchema.default('#ffffff'),
  /** Absent: transparent. */
  background: colorSchema.nullable().default(null),
  align: textAlign.default('left'),
  bold: z.boolean().default(false),
};

export const VIDEO_FITS = ['stretch', 'contain'] as const;

export const videoLayerSchema = z.strictObject({
  kind: z.literal('video'),
  ...layerBaseShape,
  /** A hub source: a camera id or a published stream (`rtmp_<name>`). */
  sourceId: id,
  /**
   * How the picture fills the layer's box. No `cover`: the program output cannot crop a video
   * that may change size, so it is not offered. No audio either: the program carries silence.
   */
  fit: z.enum(VIDEO_FITS).default('stretch'),
});

export const imageLayerSchema = z.strictObject({
  kind: z.literal('image'),
  ...layerBaseShape,
  /** An uploaded asset (`compositor.assets.upload`). */
  assetId: id,
  fit: z.enum(['stretch', 'contain', 'cover']).default('contain'),
});

export const textLayerSchema = z.strictObject({
  kind: z.literal('text'),
  ...layerBaseShape,
  text: text(),
  ...textStyleShape,
});

export const clockLayerSchema = z.strictObject({
  kind: z.literal('clock'),
  ...layerBaseShape,
  format: z.enum(['HH:mm:ss', 'HH:mm']).default('HH:mm:ss'),
  /** An IANA time zone; absent: the engine's. */
  timeZone: z.string().min(1).max(64).nullable().default(null),
  ...textStyleShape,
});

export const countdownLayerSchema = z.strictObject({
  kind: z.literal('countdown'),
  ...layerBaseShape,
  durationSeconds: z.number().int().min(1).max(24 * 3600),
  /** When it was started (ISO); null: stopped, showing the full duration. */
  startedAt: z.iso.datetime().nullable().default(null),
  ...textStyleShape,
});

export const colorLayerSchema = z.strictObject({
  kind: z.literal('color'),
  ...layerBaseShape,
  color: colorSchema,
});

export const lowerThirdLayerSchema = z.strictObject({
  kind: z.literal('lowerThird'),
  ...layerBaseShape,
  title: text(200),
  subtitle: text(200).default(''),
  font: fontFamily.default('DejaVu Sans'),
  barColor: colorSchema.default('#1d4ed8e6'),
  accentColor: colorSchema.default('#f59e0b'),
  textColor: colorSchema.default('#ffffff'),
});

/** A layer as the API takes it when it is added (the id is given by the engine). */
export const layerInputSchema = z.discriminatedUnion('kind', [
  videoLayerSchema,
  imageLayerSchema,
  textLayerSchema,
  clockLayerSchema,
  countdownLayerSchema,
  colorLayerSchema,
  lowerThirdLayerSchema,
]);
export type LayerInput = z.input<typeof layerInputSchema>;
export type LayerSpec = z.output<typeof layerInputSchema>;
export type LayerKind = LayerSpec['kind'];
/** A stored layer: its spec plus an id. */
export type Layer = LayerSpec & { id: string };
export type GraphicsLayer = Exclude<Layer, { kind: 'video' }>;

/**
 * A partial change to one layer: any field of its kind except `kind` (checked against the
 * layer's kind by the service, so a text layer cannot be given a `sourceId`).
 */
export const layerPatchSchema = z.record(z.string(), z.unknown());

export const sceneCreateSchema = z.strictObject({ name, layers: z.array(layerInputSchema).max(MAX_LAYERS_PER_SCENE).default([]) });
export const sceneUpdateSchema = z.strictObject({ id, name });
export const sceneRefSchema = z.strictObject({ id });
export const layerAddSchema = z.strictObject({
  sceneId: id,
  layer: layerInputSchema,
  /** Where in the stack (0 = bottom); absent: on top. */
  index: z.number().int().min(0).max(MAX_LAYERS_PER_SCENE).optional(),
});
export const layerUpdateSchema = z.strictObject({ sceneId: id, layerId: id, patch: layerPatchSchema });
export const layerRefSchema = z.strictObject({ sceneId: id, layerId: id });
export const layerReorderSchema = z.strictObject({ sceneId: id, layerIds: z.array(id).max(MAX_LAYERS_PER_SCENE) });

export const assetUploadSchema = z.strictObject({
  name,
  /** The file's bytes, base64 (PNG, JPEG or SVG; checked by decoding, not by name). */
  dataBase64: z.string().min(1).max(Math.ceil((MAX_ASSET_BYTES * 4) / 3) + 4, `an image is at most ${MAX_ASSET_BYTES / 1024 / 1024} MB`),
});
export const assetRefSchema = z.strictObject({ id });

export const OUTPUT_RESOLUTIONS = { '720p': { width: 1280, height: 720 }, '1080p': { width: 1920, height: 1080 } } as const;
export const X264_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'] as const;

/**
 * A program output's recording policy (as a camera's): while enabled and the output is live,
 * its program is recorded into `recordings/program_<id>/` like any source.
 */
export const outputRecordingSchema = recordingPolicySchema.prefault({});
/** A change to some of an output's recording fields; absent fields keep their stored value. */
export const outputRecordingPatchSchema = z.strictObject({
  enabled: recordingPolicySchema.shape.enabled.unwrap().optional(),
  segmentSeconds: recordingPolicySchema.shape.segmentSeconds.unwrap().optional(),
  retainHours: recordingPolicySchema.shape.retainHours.unwrap().optional(),
  maxSizeMb: recordingPolicySchema.shape.maxSizeMb.unwrap().optional(),
});

export const outputInputSchema = z.strictObject({
  name,
  resolution: z.enum(['720p', '1080p']).default('1080p'),
  fps: z.union([z.literal(25), z.literal(30), z.literal(50), z.literal(60)]).default(30),
  videoBitrateKbps: z.number().int().min(300).max(50_000).default(6000),
  preset: z.enum(X264_PRESETS).default('veryfast'),
  enabled: z.boolean().default(true),
  recording: outputRecordingSchema,
});
export const outputUpdateSchema = z.strictObject({
  id,
  name: name.optional(),
  resolution: z.enum(['720p', '1080p']).optional(),
  fps: z.union([z.literal(25), z.literal(30), z.literal(50), z.literal(60)]).optional(),
  videoBitrateKbps: z.number().int().min(300).max(50_000).optional(),
  preset: z.enum(X264_PRESETS).optional(),
  enabled: z.boolean().optional(),
  recording: outputRecordingPatchSchema.optional(),
});
export const outputRefSchema = z.strictObject({ id });

export const mixerSceneSchema = z.strictObject({ sceneId: id });
export const takeSchema = z.strictObject({
  transition: z.enum(['cut', 'fade']).default('cut'),
  durationMs: z.number().int().min(100).max(10_000).default(1000),
});
export const scenePreviewSchema = z.strictObject({ sceneId: id, width: z.number().int().min(64).max(1920).default(640) });

// ---- What the API returns ----

export interface SceneView {
  id: string;
  name: string;
  layers: Layer[];
  createdAt: string;
  updatedAt: string;
}

export interface AssetView {
  id: string;
  name: string;
  format: 'png' | 'jpeg' | 'svg';
  width: number;
  height: number;
  bytes: number;
  createdAt: string;
}

export const OUTPUT_STATES = ['stopped', 'starting', 'live', 'retrying', 'failed'] as const;
export type OutputState = (typeof OUTPUT_STATES)[number];

export interface OutputView {
  id: string;
  name: string;
  resolution: '720p' | '1080p';
  width: number;
  height: number;
  fps: number;
  videoBitrateKbps: number;
  preset: (typeof X264_PRESETS)[number];
  enabled: boolean;
  /** The hub source it feeds (`program_<id>`): previewable, recordable and restreamable like a camera. */
  sourceId: string;
  /** Its recording policy; recordings are listed by `recordings.list({ cameraId: sourceId })`. */
  recording: RecordingPolicy;
  /** Its recorder, live (`off` when recording is disabled). */
  recorder: RecorderStatus;
  status: {
    state: OutputState;
    reason: string | null;
    pid: number | null;
    /** Frames per second actually encoded, over the last seconds. */
    outputFps: number | null;
    droppedFrames: number;
    duplicatedFrames: number;
    /** Encoder speed (1.0 = real time). */
    speed: number | null;
    bitrateKbps: number | null;
    cpuPercent: number | null;
    /** When the current process went live (ISO), null when not live. */
    liveSince: string | null;
    restarts: number;
  };
}

export interface TransitionView {
  kind: 'cut' | 'fade';
  durationMs: number;
  startedAt: string;
  /** 0..1 */
  progress: number;
}

export interface MixerView {
  programSceneId: string | null;
  previewSceneId: string | null;
  /** A fade in progress, or null. */
  transition: TransitionView | null;
}

export interface CompositorOverview {
  scenes: SceneView[];
  assets: AssetView[];
  outputs: OutputView[];
  mixer: MixerView;
  /** Graphics render time over the last minute (ms), null before any render. */
  graphics: { renderMsP50: number | null; renderMsP99: number | null; renders: number };
}
