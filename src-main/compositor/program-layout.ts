import { CANVAS_HEIGHT, CANVAS_WIDTH, type GraphicsLayer, type Layer, type SceneView } from './compositor-schema';

type VideoLayer = Extract<Layer, { kind: 'video' }>;

/** One video slot's picture in output pixels. */
export interface SlotLayout {
  /** `<sceneId>:<layerId>`: the same layer keeps its slot from one layout to the next. */
  key: string;
  sourceId: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** 0..1, applied to the picture's alpha. */
  alpha: number;
  /** Shown at all (an invisible layer, or a preview scene's layer kept warm, is not). */
  shown: boolean;
}

export interface ProgramLayout {
  /** One entry per slot, null for a free slot. */
  slots: Array<SlotLayout | null>;
  /** Graphics below every video (bottom first). */
  background: GraphicsLayer[];
  /** Graphics above every video (bottom first). */
  top: GraphicsLayer[];
}

export interface LayoutInput {
  program: SceneView | null;
  preview: SceneView | null;
  /** A fade in progress: `from` fades out while `program` fades in; progress 0..1. */
  fade: { from: SceneView | null; progress: number } | null;
  width: number;
  height: number;
  slotCount: number;
  /** The previous layout's slot keys, so a layer keeps its slot (no feed switch). */
  previousKeys: Array<string | null>;
  /** Last known slot sources, so a new layer may reuse a slot already reading its source. */
  previousSources: Array<string | null>;
  /** The source's picture size, when known (for `contain`). */
  sourceSize(sourceId: string): { width: number; height: number } | null;
}

/** Even sizes and positions: the pictures are 4:2:0. */
const even = (n: number) => Math.round(n / 2) * 2;

function place(layer: VideoLayer, input: LayoutInput): { x: number; y: number; width: number; height: number } {
  const sx = input.width / CANVAS_WIDTH;
  const sy = input.height / CANVAS_HEIGHT;
  const box = { x: layer.x * sx, y: layer.y * sy, width: layer.width * sx, height: layer.height * sy };
  const size = layer.fit === 'contain' ? input.sourceSize(layer.sourceId) : null;
  if (size && size.width > 0 && size.height > 0) {
    // `contain`: the whole picture inside the box, centred.
    const scale = Math.min(box.width / size.width, box.height / size.height);
    const width = size.width * scale;
    const height = size.height * scale;
    box.x += (box.width - width) / 2;
    box.y += (box.height - height) / 2;
    box.width = width;
    box.height = height;
  }
  return { x: even(box.x), y: even(box.y), width: Math.max(2, even(box.width)), height: Math.max(2, even(box.height)) };
}

function videos(scene: SceneView | null): VideoLayer[] {
  return (scene?.layers ?? []).filter((l): l is VideoLayer => l.kind === 'video');
}

/** Graphics under the scene's lowest video layer, and the rest. */
function splitGraphics(scene: SceneView | null): { background: GraphicsLayer[]; top: GraphicsLayer[] } {
  const layers = scene?.layers ?? [];
  const firstVideo = layers.findIndex((l) => l.kind === 'video');
  // Hidden graphics are left out: an empty plane is not composited at all.
  const graphics = (from: number, to: number) => layers.slice(from, to).filter((l): l is GraphicsLayer => l.kind !== 'video' && l.visible && l.opacity > 0);
  if (firstVideo < 0) return { background: [], top: graphics(0, layers.length) };
  return { background: graphics(0, firstVideo), top: graphics(firstVideo + 1, layers.length) };
}

function faded(layers: GraphicsLayer[], factor: number): GraphicsLayer[] {
  if (factor >= 1) return layers;
  if (factor <= 0) return [];
  return layers.map((l) => ({ ...l, opacity: l.opacity * factor }));
}

interface Entry {
  layout: SlotLayout;
  /** Entries of one group must sit in slots in stacking order. */
  group: string;
  z: number;
}

/**
 * Where each video layer goes (which fixed FFmpeg slot, where, how opaque) and which graphics
 * go on the background and top planes, for the program scene, a fade in progress, and the
 * preview scene's videos kept warm in free slots (so a take needs no new input).
 *
 * Z-order honoured: videos among themselves in scene order; graphics below a scene's lowest
 * video on the background plane; every other graphic above all videos (top plane).
 */
export function computeLayout(input: LayoutInput): ProgramLayout {
  const entries: Entry[] = [];
  const add = (scene: SceneView, factor: number, warm: boolean) => {
    videos(scene).forEach((layer, z) => {
      const alpha = warm ? 0 : layer.opacity * factor;
      entries.push({
        layout: { key: `${scene.id}:${layer.id}`, sourceId: layer.sourceId, ...place(layer, input), alpha, shown: !warm && layer.visible && alpha > 0 },
        group: scene.id,
        z,
      });
    });
  };
  const fade = input.fade;
  if (fade?.from) add(fade.from, 1 - fade.progress, false);
  if (input.program) add(input.program, fade ? fade.progress : 1, false);
  if (input.preview && input.preview.id !== input.program?.id && input.preview.id !== fade?.from?.id) add(input.preview, 0, true);

  const slots: Array<Entry | null> = Array.from({ length: input.slotCount }, () => null);
  const placed = new Set<Entry>();
  // 1. A layer keeps its slot.
  for (const entry of entries) {
    const index = input.previousKeys.indexOf(entry.layout.key);
    if (index >= 0 && index < slots.length && !slots[index]) {
      slots[index] = entry;
      placed.add(entry);
    }
  }
  // 2. New layers: a free slot already reading their source, else the lowest free slot.
  entries.forEach((entry) => {
    if (placed.has(entry)) return;
    let index = slots.findIndex((s, k) => !s && input.previousSources[k] === entry.layout.sourceId);
    if (index < 0) index = slots.findIndex((s) => !s);
    if (index < 0) return; // no room: only warm preview layers get here (scenes and fades fit the slots)
    slots[index] = entry;
    placed.add(entry);
  });
  // 3. Stacking order inside each scene: its layers take its slots in z order.
  for (const group of new Set(entries.map((e) => e.group))) {
    const indices = slots.flatMap((s, k) => (s?.group === group ? [k] : []));
    const ordered = indices.map((k) => slots[k]!).sort((a, b) => a.z - b.z);
    indices.forEach((k, n) => (slots[k] = ordered[n]!));
  }

  const programGraphics = splitGraphics(input.program);
  const programFactor = fade ? fade.progress : 1;
  const fromGraphics = fade?.from ? splitGraphics(fade.from) : { background: [], top: [] };
  const fromFactor = fade ? 1 - fade.progress : 0;
  return {
    slots: slots.map((s) => s?.layout ?? null),
    background: [...faded(fromGraphics.background, fromFactor), ...faded(programGraphics.background, programFactor)],
    top: [...faded(fromGraphics.top, fromFactor), ...faded(programGraphics.top, programFactor)],
  };
}
