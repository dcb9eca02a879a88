import { EventEmitter } from 'node:events';
import path from 'node:path';
import sharp from 'sharp';
import { ApiError } from '../api/errors';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import type { StateStore } from '../store/state-store';
import { ChangePublisher } from '../util/change-publisher';
import { AssetLibrary } from './asset-library';
import { CANVAS_HEIGHT, CANVAS_WIDTH, type CompositorOverview, type GraphicsLayer } from './compositor-schema';
import { GraphicsRenderer, assertFontExists, renderSlatePng } from './graphics-port';
import { computeLayout } from './program-layout';
import { Mixer } from './mixer';
import { OutputService } from './output-service';
import { SceneService, VIDEO_SLOTS } from './scene-service';
import type { MediaHub } from '../media/hub/media-hub';
import type { ProcessSupervisor } from '../media/supervisor';
import { ProgramOutputRunner } from './output-runner';
import { SlateStills } from './slate-stills';

/** How often live figures (output health, render times) are pushed while outputs run. */
const FIGURES_INTERVAL_MS = 1_000;

export interface CompositorServiceOptions {
  store: StateStore;
  dataDir: string;
  logger: Logger;
  supervisor: ProcessSupervisor;
  hub: MediaHub;
  /** A hub source a video layer may show (cameras and published streams, not program outputs). */
  sourceExists(sourceId: string): boolean;
  sourceName(sourceId: string): string | null;
  /** A source's picture size when known. */
  sourceSize(sourceId: string): { width: number; height: number } | null;
  /** The latest frame of a source as an image about `width` wide, null when there is none. */
  sourceStill(sourceId: string, width: number): Promise<Buffer | null>;
}

/**
 * The compositor's state as one service: scenes, images, the mixer, outputs and the graphics
 * renderer, and the overview the `compositor` topic publishes.
 */
export class CompositorService extends EventEmitter<{ changed: [CompositorOverview] }> implements Service {
  readonly name = 'compositor';
  readonly scenes: SceneService;
  readonly assets: AssetLibrary;
  readonly mixer: Mixer;
  readonly outputs: OutputService;
  readonly renderer: GraphicsRenderer;
  readonly runner: ProgramOutputRunner;
  private readonly figuresTimer: NodeJS.Timeout;
  private readonly changes = new ChangePublisher<CompositorOverview>((o) => JSON.stringify(o), (o) => this.emit('changed', o));
  private closed = false;

  constructor(private readonly options: CompositorServiceOptions) {
    super();
    const log = options.logger;
    this.renderer = GraphicsRenderer.create({ logger: log.child('graphics') });
    this.assets = new AssetLibrary(options.store, path.join(options.dataDir, 'compositor', 'assets'), log.child('assets'));
    this.scenes = new SceneService(options.store, {
      sourceExists: (id) => options.sourceExists(id),
      assetExists: (id) => this.assets.has(id),
      assertFont: (family) => assertFontExists(family),
    });
    this.mixer = new Mixer(options.store, (id) => this.scenes.has(id), (from, to) => this.assertFadeable(from, to));
    this.outputs = new OutputService(options.store, log.child('outputs'));
    this.runner = new ProgramOutputRunner({
      supervisor: options.supervisor,
      hub: options.hub,
      renderer: this.renderer,
      slates: new SlateStills(options.supervisor, log.child('slates')),
      scenes: this.scenes,
      mixer: this.mixer,
      sourceName: options.sourceName,
      sourceSize: options.sourceSize,
      assetPath: (id) => this.assets.pathOf(id),
      onStatus: () => this.outputs.changed(),
      logger: log.child('program'),
    });
    this.outputs.useRunner(this.runner);
    for (const emitter of [this.scenes, this.assets, this.mixer, this.outputs] as EventEmitter[]) emitter.on('changed', () => this.publish());
    this.figuresTimer = setInterval(() => this.publishFigures(), FIGURES_INTERVAL_MS);
    this.figuresTimer.unref();
  }

  overview(): CompositorOverview {
    return {
      scenes: this.scenes.list(),
      assets: this.assets.list(),
      outputs: this.outputs.list(),
      mixer: this.mixer.view(),
      graphics: this.renderer.renderStats(),
    };
  }

  async removeScene(id: string): Promise<void> {
    await this.scenes.remove(id, (sceneId) => {
      const mixer = this.mixer.view();
      if (mixer.programSceneId === sceneId) return 'This scene is on program; take another scene to program first';
      return null;
    });
    await this.mixer.forgetScene(id);
  }

  async removeAsset(id: string): Promise<void> {
    await this.assets.remove(
      id,
      this.scenes.scenesUsingAsset(id).map((s) => s.name),
    );
  }

  /**
   * A JPEG of the scene as an output would show it now: the background graphics, the latest
   * frame of each video layer's source (a slate when there is none), the top graphics.
   */
  async scenePreviewJpeg(sceneId: string, width: number): Promise<Buffer> {
    const scene = this.scenes.get(sceneId);
    const height = Math.round((width * CANVAS_HEIGHT) / CANVAS_WIDTH) & ~1;
    const layout = computeLayout({
      program: scene,
      preview: null,
      fade: null,
      width,
      height,
      slotCount: VIDEO_SLOTS,
      previousKeys: [],
      previousSources: [],
      sourceSize: this.options.sourceSize,
    });
    const now = new Date();
    const plane = async (layers: GraphicsLayer[], planeId: string): Promise<sharp.OverlayOptions[]> => {
      if (layers.length === 0) return [];
      const { rgba } = await this.renderer.render({ width, height, layers, assetPath: (id) => this.assets.pathOf(id), now, planeId });
      return [{ input: rgba, raw: { width, height, channels: 4 }, left: 0, top: 0 }];
    };
    const videos = await Promise.all(
      layout.slots.map(async (slot): Promise<sharp.OverlayOptions[]> => {
        if (!slot?.shown) return [];
        const still =
          (await this.options.sourceStill(slot.sourceId, slot.width).catch(() => null)) ??
          (await renderSlatePng(slot.width, slot.height, this.options.sourceName(slot.sourceId) ?? slot.sourceId));
        const picture = await sharp(still).resize(slot.width, slot.height, { fit: 'fill' }).ensureAlpha(slot.alpha).raw().toBuffer();
        return clipped({ rgba: picture, width: slot.width, height: slot.height }, slot.x, slot.y, width, height);
      }),
    );
    const [background, top] = await Promise.all([plane(layout.background, 'scene-preview-background'), plane(layout.top, 'scene-preview-top')]);
    return sharp({ create: { width, height, channels: 3, background: '#000000' } })
      .composite([...background, ...(await Promise.all(videos)).flat(), ...top])
      .jpeg({ quality: 80 })
      .toBuffer();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.figuresTimer);
    await this.outputs.settled();
    await this.runner.close();
    this.mixer.close();
    await this.renderer.close();
    this.removeAllListeners();
  }

  publish(): void {
    if (this.closed) return;
    this.changes.publish(this.overview());
  }

  private publishFigures(): void {
    if (this.closed || !this.outputs.stored().some((o) => o.enabled)) return;
    this.changes.publishIfChanged(this.overview());
  }

  /** A fade shows both scenes' videos at once: together they must fit an output's video slots. */
  private assertFadeable(from: string | null, to: string): void {
    const videos = (id: string | null) => (id && this.scenes.has(id) ? this.scenes.get(id).layers.filter((l) => l.kind === 'video').length : 0);
    const total = videos(from) + videos(to);
    if (total > VIDEO_SLOTS) {
      throw new ApiError(
        'conflict',
        `A fade shows both scenes' video layers at once (${total} here) and an output decodes at most ${VIDEO_SLOTS}; use a cut, or fewer video layers`,
      );
    }
  }
}

/** The part of a picture at (left, top) that lies inside the frame (sharp refuses overlays that reach outside). */
async function clipped(image: { rgba: Buffer; width: number; height: number }, left: number, top: number, frameWidth: number, frameHeight: number): Promise<sharp.OverlayOptions[]> {
  const x0 = Math.max(0, left);
  const y0 = Math.max(0, top);
  const x1 = Math.min(frameWidth, left + image.width);
  const y1 = Math.min(frameHeight, top + image.height);
  if (x1 <= x0 || y1 <= y0) return [];
  const raw = { width: image.width, height: image.height, channels: 4 as const };
  const inside = x0 === left && y0 === top && x1 - x0 === image.width && y1 - y0 === image.height;
  const input = inside ? image.rgba : await sharp(image.rgba, { raw }).extract({ left: x0 - left, top: y0 - top, width: x1 - x0, height: y1 - y0 }).raw().toBuffer();
  return [{ input, raw: { width: x1 - x0, height: y1 - y0, channels: 4 }, left: x0, top: y0 }];
}
