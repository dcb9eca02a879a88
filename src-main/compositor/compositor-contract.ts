import { z } from 'zod';
import { procedure, topic, type ProcedureDef, type TopicDef } from '../api/define';
import {
  assetRefSchema,
  assetUploadSchema,
  layerAddSchema,
  layerRefSchema,
  layerReorderSchema,
  layerUpdateSchema,
  mixerSceneSchema,
  outputInputSchema,
  outputRefSchema,
  outputUpdateSchema,
  sceneCreateSchema,
  scenePreviewSchema,
  sceneRefSchema,
  sceneUpdateSchema,
  takeSchema,
  type AssetView,
  type CompositorOverview,
  type Layer,
  type MixerView,
  type OutputView,
  type SceneView,
  MAX_ASSET_BYTES,
} from './compositor-schema';

const noInput = z.strictObject({});
/** An image as base64 in JSON, with room for the rest of the request. */
const ASSET_UPLOAD_BODY_BYTES = Math.ceil((MAX_ASSET_BYTES * 4) / 3) + 64 * 1024;
type Ticketed = { path: string; expiresAt: string };

/** The compositor's procedures and topics; spread into the engine's one contract (api/contract.ts). */
export const compositorProcedures = {
  'compositor.overview': procedure<CompositorOverview>()(noInput, 'What the compositor topic publishes (scenes, images, outputs, mixer, graphics timings), once.'),
  'compositor.scenes.list': procedure<SceneView[]>()(noInput, 'Every scene with its layers, bottom layer first.'),
  'compositor.scenes.create': procedure<SceneView>()(sceneCreateSchema, 'Create a scene (optionally with layers).'),
  'compositor.scenes.update': procedure<SceneView>()(sceneUpdateSchema, 'Rename a scene.'),
  'compositor.scenes.remove': procedure<{ removed: true }>()(sceneRefSchema, 'Delete a scene (not the one on program).'),
  'compositor.layers.add': procedure<Layer>()(layerAddSchema, 'Add a layer to a scene (on top unless an index is given); a live scene shows it at once.'),
  'compositor.layers.update': procedure<Layer>()(
    layerUpdateSchema,
    'Change some fields of a layer (text, position, size, opacity, visibility, image…); a running output shows it within 200 ms, without restarting.',
  ),
  'compositor.layers.remove': procedure<{ removed: true }>()(layerRefSchema, 'Remove a layer from a scene.'),
  'compositor.layers.reorder': procedure<SceneView>()(layerReorderSchema, "Set a scene's stacking order: every layer id, bottom first."),
  'compositor.assets.list': procedure<AssetView[]>()(noInput, 'Uploaded images.'),
  'compositor.assets.upload': procedure<AssetView>()(
    assetUploadSchema,
    'Upload a PNG, JPEG or SVG (checked by decoding; SVGs with scripts or external references are refused).',
    { maxBodyBytes: ASSET_UPLOAD_BODY_BYTES },
  ),
  'compositor.assets.remove': procedure<{ removed: true }>()(assetRefSchema, 'Delete an image no layer uses.'),
  'compositor.assets.url': procedure<Ticketed>()(assetRefSchema, 'A ticketed path to an uploaded image, valid for an hour.'),
  'compositor.fonts': procedure<string[]>()(noInput, 'Font families available for text layers.'),
  'compositor.mixer.get': procedure<MixerView>()(noInput, 'The program and preview scenes, and a transition in progress.'),
  'compositor.mixer.setPreview': procedure<MixerView>()(mixerSceneSchema, 'Put a scene on preview.'),
  'compositor.mixer.setProgram': procedure<MixerView>()(mixerSceneSchema, 'Cut a scene straight to program.'),
  'compositor.mixer.take': procedure<MixerView>()(
    takeSchema,
    'Take preview to program with a cut or a fade of the given length; the old program goes to preview.',
  ),
  'compositor.scenes.preview': procedure<Ticketed>()(
    scenePreviewSchema,
    'A ticketed path to a JPEG of a scene as it would look now (graphics and the latest frames of its sources).',
  ),
  'compositor.outputs.list': procedure<OutputView[]>()(noInput, 'Program outputs with their live health.'),
  'compositor.outputs.add': procedure<OutputView>()(outputInputSchema, 'Add a program output (resolution, fps, bitrate, preset); it starts when enabled.'),
  'compositor.outputs.update': procedure<OutputView>()(outputUpdateSchema, 'Change an output; a changed format restarts it.'),
  'compositor.outputs.remove': procedure<{ removed: true }>()(outputRefSchema, 'Remove an output and stop its process.'),
  'compositor.outputs.start': procedure<OutputView>()(outputRefSchema, 'Enable an output: its encoder starts and feeds the hub.'),
  'compositor.outputs.stop': procedure<OutputView>()(outputRefSchema, 'Disable an output: its encoder stops.'),
  'compositor.outputs.preview': procedure<Ticketed>()(outputRefSchema, "A ticketed path to an output's live FLV, valid for a minute."),
} satisfies Record<string, ProcedureDef>;

export const compositorTopics = {
  compositor: topic<CompositorOverview>()(
    noInput,
    'Scenes, assets, outputs with their health, the mixer and graphics timings: on every change and every second while outputs run.',
  ),
} satisfies Record<string, TopicDef>;
