import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import { describeZodError } from '../api/validation';
import type { StateStore } from '../store/state-store';
import {
  CANVAS_HEIGHT,
  CANVAS_WIDTH,
  clockLayerSchema,
  colorLayerSchema,
  countdownLayerSchema,
  imageLayerSchema,
  lowerThirdLayerSchema,
  MAX_LAYERS_PER_SCENE,
  MAX_SCENES,
  textLayerSchema,
  videoLayerSchema,
  type Layer,
  type LayerKind,
  type LayerSpec,
  type layerAddSchema,
  type layerReorderSchema,
  type layerUpdateSchema,
  type sceneCreateSchema,
  type SceneView,
} from './compositor-schema';
import type { StoredScene } from './compositor-store-schema';
import { isValidTimeZone } from './graphics-port';

/**
 * Video inputs of every output's FFmpeg, fixed for the life of the process so that cuts and
 * fades never restart it: enough for the program scene's and the preview scene's videos.
 */
export const VIDEO_SLOTS = 4;
/** A scene's video layers must fit the slots (a cut shows one scene). */
export const MAX_VIDEO_LAYERS_PER_SCENE = VIDEO_SLOTS;

const KIND_SCHEMAS = {
  video: videoLayerSchema,
  image: imageLayerSchema,
  text: textLayerSchema,
  clock: clockLayerSchema,
  countdown: countdownLayerSchema,
  color: colorLayerSchema,
  lowerThird: lowerThirdLayerSchema,
} satisfies Record<LayerKind, z.ZodType>;

/** What a layer may refer to; each check throws an ApiError naming the field. */
export interface LayerReferences {
  /** A hub source that video layers may show (not a program output). */
  sourceExists(sourceId: string): boolean;
  assetExists(assetId: string): boolean;
  /** Throws when the font family is not installed. */
  assertFont(family: string): Promise<void>;
}

export type SceneCreate = z.output<typeof sceneCreateSchema>;
export type LayerAdd = z.output<typeof layerAddSchema>;
export type LayerUpdate = z.output<typeof layerUpdateSchema>;
export type LayerReorder = z.output<typeof layerReorderSchema>;

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/**
 * Scenes and their layers, persisted. Every change is validated (kinds, canvas bounds,
 * fonts, sources and assets) before anything is stored; `changed` tells the outputs.
 */
export class SceneService extends EventEmitter<{ changed: [scenes: SceneView[], sceneId: string | null] }> {
  constructor(
    private readonly store: StateStore,
    private readonly refs: LayerReferences,
  ) {
    super();
  }

  list(): SceneView[] {
    return this.store.get().compositorScenes.map(view);
  }

  get(id: string): SceneView {
    const scene = this.store.get().compositorScenes.find((s) => s.id === id);
    if (!scene) throw new ApiError('not_found', `sceneId: no scene with id ${id}`);
    return view(scene);
  }

  has(id: string): boolean {
    return this.store.get().compositorScenes.some((s) => s.id === id);
  }

  async create(input: SceneCreate): Promise<SceneView> {
    if (this.store.get().compositorScenes.length >= MAX_SCENES) throw new ApiError('conflict', `At most ${MAX_SCENES} scenes`);
    const layers: Layer[] = [];
    for (const [index, spec] of input.layers.entries()) {
      await this.check(spec, `layers.${index}`);
      layers.push({ ...spec, id: newId('lay') });
    }
    assertVideoCount(layers);
    const now = new Date().toISOString();
    const scene: StoredScene = { id: newId('scn'), name: input.name, layers, createdAt: now, updatedAt: now };
    await this.store.update((state) => {
      assertUniqueName(state.compositorScenes, scene.id, scene.name);
      state.compositorScenes.push(scene);
    });
    this.changed(scene.id);
    return this.get(scene.id);
  }

  async rename(id: string, name: string): Promise<SceneView> {
    this.get(id);
    await this.mutate(id, (scene, all) => {
      assertUniqueName(all, id, name);
      scene.name = name;
    });
    return this.get(id);
  }

  /** `inUse` says why a scene may not go (on program); checked before anything changes. */
  async remove(id: string, inUse: (id: string) => string | null): Promise<void> {
    this.get(id);
    const reason = inUse(id);
    if (reason) throw new ApiError('conflict', reason);
    await this.store.update((state) => {
      state.compositorScenes = state.compositorScenes.filter((s) => s.id !== id);
    });
    this.changed(id);
  }

  async addLayer(input: LayerAdd): Promise<Layer> {
    const scene = this.get(input.sceneId);
    if (scene.layers.length >= MAX_LAYERS_PER_SCENE) throw new ApiError('conflict', `A scene holds at most ${MAX_LAYERS_PER_SCENE} layers`);
    await this.check(input.layer, 'layer');
    const layer: Layer = { ...input.layer, id: newId('lay') };
    assertVideoCount([...scene.layers, layer]);
    await this.mutate(scene.id, (stored) => {
      const index = Math.min(input.index ?? stored.layers.length, stored.layers.length);
      stored.layers.splice(index, 0, layer);
    });
    return layer;
  }

  async updateLayer(input: LayerUpdate): Promise<Layer> {
    const scene = this.get(input.sceneId);
    const current = scene.layers.find((l) => l.id === input.layerId);
    if (!current) throw new ApiError('not_found', `layerId: no layer with id ${input.layerId} in scene ${scene.id}`);
    for (const key of ['kind', 'id'] as const) {
      if (key in input.patch) throw new ApiError('invalid_input', `patch.${key}: a layer's ${key} cannot be changed`);
    }
    const { id: _id, ...spec } = current;
    const parsed = KIND_SCHEMAS[current.kind].safeParse({ ...spec, ...input.patch });
    if (!parsed.success) throw new ApiError('invalid_input', prefixed('patch', describeZodError(parsed.error)));
    const next = parsed.data as LayerSpec;
    await this.check(next, 'patch', current);
    const layer = { ...next, id: current.id } as Layer;
    await this.mutate(scene.id, (stored) => {
      const index = stored.layers.findIndex((l) => l.id === layer.id);
      if (index < 0) throw new ApiError('not_found', `layerId: no layer with id ${layer.id} in scene ${scene.id}`);
      stored.layers[index] = layer;
    });
    return layer;
  }

  async removeLayer(sceneId: string, layerId: string): Promise<void> {
    const scene = this.get(sceneId);
    if (!scene.layers.some((l) => l.id === layerId)) throw new ApiError('not_found', `layerId: no layer with id ${layerId} in scene ${sceneId}`);
    await this.mutate(sceneId, (stored) => {
      stored.layers = stored.layers.filter((l) => l.id !== layerId);
    });
  }

  async reorder(input: LayerReorder): Promise<SceneView> {
    const scene = this.get(input.sceneId);
    const have = new Set(scene.layers.map((l) => l.id));
    const given = new Set(input.layerIds);
    if (given.size !== input.layerIds.length) throw new ApiError('invalid_input', 'layerIds: a layer id appears twice');
    const missing = [...have].filter((id) => !given.has(id));
    const unknown = [...given].filter((id) => !have.has(id));
    if (unknown.length > 0) throw new ApiError('invalid_input', `layerIds: not in this scene: ${unknown.join(', ')}`);
    if (missing.length > 0) throw new ApiError('invalid_input', `layerIds: every layer of the scene must be listed; missing: ${missing.join(', ')}`);
    await this.mutate(scene.id, (stored) => {
      const byId = new Map(stored.layers.map((l) => [l.id, l]));
      stored.layers = input.layerIds.map((id) => byId.get(id)!);
    });
    return this.get(scene.id);
  }

  /** Scenes with a layer showing this asset. */
  scenesUsingAsset(assetId: string): SceneView[] {
    return this.list().filter((s) => s.layers.some((l) => l.kind === 'image' && l.assetId === assetId));
  }

  private async mutate(id: string, change: (scene: StoredScene, all: StoredScene[]) => void): Promise<void> {
    await this.store.update((state) => {
      const scene = state.compositorScenes.find((s) => s.id === id);
      if (!scene) throw new ApiError('not_found', `sceneId: no scene with id ${id}`);
      change(scene, state.compositorScenes);
      scene.updatedAt = new Date().toISOString();
    });
    this.changed(id);
  }

  /** Canvas bounds and references; unchanged references of an existing layer are not re-checked. */
  private async check(layer: LayerSpec, where: string, before?: Layer): Promise<void> {
    if (layer.x + layer.width <= 0 || layer.y + layer.height <= 0 || layer.x >= CANVAS_WIDTH || layer.y >= CANVAS_HEIGHT) {
      throw new ApiError(
        'invalid_input',
        `${where}: the layer (x ${layer.x}, y ${layer.y}, ${layer.width}×${layer.height}) lies entirely outside the ${CANVAS_WIDTH}×${CANVAS_HEIGHT} canvas`,
      );
    }
    if (layer.kind === 'video' && !(before?.kind === 'video' && before.sourceId === layer.sourceId) && !this.refs.sourceExists(layer.sourceId)) {
      throw new ApiError('invalid_input', `${where}.sourceId: no camera or stream with id ${layer.sourceId}`);
    }
    if (layer.kind === 'image' && !this.refs.assetExists(layer.assetId)) {
      throw new ApiError('invalid_input', `${where}.assetId: no uploaded image with id ${layer.assetId}`);
    }
    // The schema only knows a string: an unknown zone would fail at every render instead.
    if (layer.kind === 'clock' && layer.timeZone !== null && !isValidTimeZone(layer.timeZone)) {
      throw new ApiError('invalid_input', `${where}.timeZone: "${layer.timeZone}" is not a known IANA time zone (e.g. Europe/Paris, America/New_York)`);
    }
    if ('font' in layer && !(before && 'font' in before && before.font === layer.font)) {
      try {
        await this.refs.assertFont(layer.font);
      } catch (err) {
        throw new ApiError('invalid_input', `${where}.font: ${(err as Error).message}`);
      }
    }
  }

  private changed(sceneId: string): void {
    this.emit('changed', this.list(), sceneId);
  }
}

function view(scene: StoredScene): SceneView {
  return { id: scene.id, name: scene.name, layers: scene.layers as Layer[], createdAt: scene.createdAt, updatedAt: scene.updatedAt };
}

function assertUniqueName(scenes: StoredScene[], id: string, name: string): void {
  const same = scenes.find((s) => s.id !== id && s.name.toLowerCase() === name.toLowerCase());
  if (same) throw new ApiError('conflict', `name: a scene named "${same.name}" already exists`);
}

function assertVideoCount(layers: Layer[]): void {
  const videos = layers.filter((l) => l.kind === 'video').length;
  if (videos > MAX_VIDEO_LAYERS_PER_SCENE) {
    throw new ApiError('conflict', `A scene holds at most ${MAX_VIDEO_LAYERS_PER_SCENE} video layers (each output decodes at most ${MAX_VIDEO_LAYERS_PER_SCENE} sources at once)`);
  }
}

function prefixed(prefix: string, message: string): string {
  return message
    .split('; ')
    .map((part) => (part.startsWith('(input)') ? `${prefix}${part.slice('(input)'.length)}` : `${prefix}.${part}`))
    .join('; ');
}
