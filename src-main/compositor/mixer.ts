import { EventEmitter } from 'node:events';
import { ApiError } from '../api/errors';
import type { StateStore } from '../store/state-store';
import type { MixerView, TransitionView } from './compositor-schema';

/** A take in progress: outputs ramp from `from` to `to` over `durationMs`. */
export interface Transition {
  kind: 'cut' | 'fade';
  fromSceneId: string | null;
  toSceneId: string;
  durationMs: number;
  startedAt: number;
}

/**
 * Program and preview (persisted) and the transition between them. A take swaps them: the old
 * program goes to preview. Outputs follow `changed` and do the picture work.
 */
export class Mixer extends EventEmitter<{ changed: [MixerView]; take: [Transition] }> {
  private transition: Transition | null = null;
  private transitionTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: StateStore,
    private readonly sceneExists: (id: string) => boolean,
    /** Throws (conflict) when a fade between these scenes cannot be shown by the outputs. */
    private readonly assertFadeable: (fromSceneId: string | null, toSceneId: string) => void,
  ) {
    super();
  }

  view(): MixerView {
    const { programSceneId, previewSceneId } = this.store.get().compositorMixer;
    return { programSceneId, previewSceneId, transition: this.transitionView() };
  }

  activeTransition(): Transition | null {
    return this.transition;
  }

  async setPreview(sceneId: string): Promise<MixerView> {
    this.assertScene(sceneId);
    await this.store.update((state) => {
      state.compositorMixer.previewSceneId = sceneId;
    });
    return this.changed();
  }

  async setProgram(sceneId: string): Promise<MixerView> {
    this.assertScene(sceneId);
    this.assertIdle();
    const from = this.store.get().compositorMixer.programSceneId;
    await this.store.update((state) => {
      state.compositorMixer.programSceneId = sceneId;
    });
    this.emit('take', { kind: 'cut', fromSceneId: from, toSceneId: sceneId, durationMs: 0, startedAt: Date.now() });
    return this.changed();
  }

  async take(kind: 'cut' | 'fade', durationMs: number): Promise<MixerView> {
    this.assertIdle();
    const { programSceneId, previewSceneId } = this.store.get().compositorMixer;
    if (!previewSceneId) throw new ApiError('conflict', 'Nothing on preview: put a scene on preview first');
    this.assertScene(previewSceneId);
    if (kind === 'fade') this.assertFadeable(programSceneId, previewSceneId);
    await this.store.update((state) => {
      state.compositorMixer.programSceneId = previewSceneId;
      state.compositorMixer.previewSceneId = programSceneId;
    });
    const transition: Transition = { kind, fromSceneId: programSceneId, toSceneId: previewSceneId, durationMs: kind === 'cut' ? 0 : durationMs, startedAt: Date.now() };
    if (kind === 'fade') {
      this.transition = transition;
      this.transitionTimer = setTimeout(() => {
        this.transition = null;
        this.transitionTimer = null;
        this.changed();
      }, durationMs);
      this.transitionTimer.unref();
    }
    this.emit('take', transition);
    return this.changed();
  }

  /** A scene was deleted: it leaves preview (program scenes cannot be deleted). */
  async forgetScene(sceneId: string): Promise<void> {
    if (this.store.get().compositorMixer.previewSceneId !== sceneId) return;
    await this.store.update((state) => {
      state.compositorMixer.previewSceneId = null;
    });
    this.changed();
  }

  close(): void {
    if (this.transitionTimer) clearTimeout(this.transitionTimer);
    this.transitionTimer = null;
    this.transition = null;
  }

  private assertScene(sceneId: string): void {
    if (!this.sceneExists(sceneId)) throw new ApiError('not_found', `sceneId: no scene with id ${sceneId}`);
  }

  private assertIdle(): void {
    if (this.transition) throw new ApiError('conflict', 'A fade is in progress; wait until it ends');
  }

  private transitionView(): TransitionView | null {
    const t = this.transition;
    if (!t) return null;
    const progress = Math.min(1, Math.max(0, (Date.now() - t.startedAt) / t.durationMs));
    return { kind: t.kind, durationMs: t.durationMs, startedAt: new Date(t.startedAt).toISOString(), progress };
  }

  private changed(): MixerView {
    const v = this.view();
    this.emit('changed', v);
    return v;
  }
}
