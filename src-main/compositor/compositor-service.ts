import { EventEmitter } from 'node:events';
import path from 'node:path';
import sharp from 'sharp';
import { ApiError } from '../api/errors';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import type { StateStore } from '../store/state-store';
import { ChangePublisher } from '../util/change-publisher';
import { AssetLibrary } from './asset-library';
import { CANVAS_HEIGHT, CANVAS_WIDTH, type CompositorOverview, type GraphicsLayer, type Layer } from './compositor-schema';
import { GraphicsRenderer, assertFontExists } from './graphics-port';
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

  /** A JPEG of the scene now: its graphics, with video layers as labelled boxes. */
  async scenePreviewJpeg(sceneId: string, width: number): Promise<Buffer> {
    const scene = this.scenes.get(sceneId);
    const height = Math.round((width * CANVAS_HEIGHT) / CANVAS_WIDTH);
    const layers = scene.layers.flatMap((layer): GraphicsLayer[] => (layer.kind === 'video' ? this.videoPlaceholder(layer) : [layer]));
    const plane = await this.renderer.render({ width, height, layers, assetPath: (id) => this.assets.pathOf(id), now: new Date() });
    return sharp(plane.rgba, { raw: { width, height, channels: 4 } })
      .flatten({ background: '#000000' })
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

  private videoPlaceholder(layer: Extract<Layer, { kind: 'video' }>): GraphicsLayer[] {
    const base = { x: layer.x, y: layer.y, width: layer.width, height: layer.height, opacity: layer.opacity, visible: layer.visible };
    const label = this.options.sourceName(layer.sourceId) ?? layer.sourceId;
    return [
      { ...base, id: `${layer.id}-box`, kind: 'color', color: '#303a48' },
      {
        ...base,
        id: `${layer.id}-label`,
        kind: 'text',
        text: label,
        font: 'DejaVu Sans',
        fontSize: Math.max(8, Math.min(400, Math.round(layer.height / 8))),
        color: '#c8d0dc',
        background: null,
        align: 'center',
        bold: false,
      },
    ];
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
