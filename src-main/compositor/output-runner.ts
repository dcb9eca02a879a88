import type { Logger } from '../logging/logger';
import type { MediaHub } from '../media/hub/media-hub';
import type { ProcessSupervisor } from '../media/supervisor';
import type { OutputView } from './compositor-schema';
import type { StoredOutput } from './compositor-store-schema';
import type { GraphicsRenderer } from './graphics-port';
import type { Mixer, Transition } from './mixer';
import type { OutputRunner } from './output-service';
import { formatOf, ProgramOutput, type ProgramScenes } from './program-output';
import type { SceneService } from './scene-service';
import type { SlateStills } from './slate-stills';

/** A fade is redrawn at this interval (opacity commands and graphics planes). */
const FADE_STEP_MS = 50;

export interface OutputRunnerOptions {
  supervisor: ProcessSupervisor;
  hub: MediaHub;
  renderer: GraphicsRenderer;
  slates: SlateStills;
  scenes: SceneService;
  mixer: Mixer;
  sourceName(sourceId: string): string | null;
  sourceSize(sourceId: string): { width: number; height: number } | null;
  assetPath(assetId: string): string | null;
  onStatus(): void;
  logger: Logger;
}

/**
 * Runs a ProgramOutput per enabled output and keeps them showing the mixer: scene edits and
 * takes go to every running output at once; a fade is stepped here.
 */
export class ProgramOutputRunner implements OutputRunner {
  private readonly running = new Map<string, ProgramOutput>();
  private fade: Transition | null = null;
  private fadeTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: OutputRunnerOptions) {
    options.scenes.on('changed', () => this.refreshAll());
    options.mixer.on('changed', () => this.refreshAll());
    options.mixer.on('take', (t) => this.onTake(t));
  }

  async apply(output: StoredOutput | null, id: string): Promise<void> {
    const current = this.running.get(id);
    const wanted = output && output.enabled && !this.closed ? output : null;
    if (current && (!wanted || !sameFormat(current, wanted))) {
      this.running.delete(id);
      await current.stop();
    }
    if (wanted && !this.running.has(id)) {
      const runtime = new ProgramOutput({
        output: wanted,
        supervisor: this.options.supervisor,
        hub: this.options.hub,
        renderer: this.options.renderer,
        slates: this.options.slates,
        scenes: () => this.scenes(),
        sourceName: this.options.sourceName,
        sourceSize: this.options.sourceSize,
        assetPath: this.options.assetPath,
        logger: this.options.logger.child({ output: id }),
      });
      runtime.on('status', () => this.options.onStatus());
      this.running.set(id, runtime);
      await runtime.start();
    }
  }

  status(id: string): OutputView['status'] | null {
    return this.running.get(id)?.status() ?? null;
  }

  pidOf(id: string): number | null {
    return this.running.get(id)?.pid ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopFade();
    const all = [...this.running.values()];
    this.running.clear();
    await Promise.all(all.map((o) => o.stop()));
  }

  private scenes(): ProgramScenes {
    const { programSceneId, previewSceneId } = this.options.mixer.view();
    const get = (id: string | null) => (id && this.options.scenes.has(id) ? this.options.scenes.get(id) : null);
    const fade = this.fade;
    const progress = fade ? Math.min(1, (Date.now() - fade.startedAt) / fade.durationMs) : 0;
    return {
      program: get(programSceneId),
      preview: get(previewSceneId),
      fade: fade && progress < 1 ? { from: get(fade.fromSceneId), progress } : null,
    };
  }

  private onTake(transition: Transition): void {
    this.stopFade();
    if (transition.kind === 'fade' && transition.durationMs > 0) {
      this.fade = transition;
      this.fadeTimer = setInterval(() => {
        if (!this.fade || Date.now() - this.fade.startedAt >= this.fade.durationMs) this.stopFade();
        this.refreshAll();
      }, FADE_STEP_MS);
      this.fadeTimer.unref();
    }
    this.refreshAll();
  }

  private stopFade(): void {
    if (this.fadeTimer) clearInterval(this.fadeTimer);
    this.fadeTimer = null;
    this.fade = null;
  }

  private refreshAll(): void {
    for (const output of this.running.values()) output.refresh();
  }
}

function sameFormat(running: ProgramOutput, output: StoredOutput): boolean {
  const next = formatOf(output);
  const current = running.format;
  return (
    current.width === next.width &&
    current.height === next.height &&
    current.fps === next.fps &&
    current.videoBitrateKbps === next.videoBitrateKbps &&
    current.preset === next.preset
  );
}
