import { EventEmitter } from 'node:events';
import { OBSWebSocket, OBSWebSocketError, EventSubscription, type RequestBatchRequest } from 'obs-websocket-js/json';
import { ApiError } from '../api/errors';
import type { Logger } from '../logging/logger';
import { RestartBackoff } from '../media/backoff';
import { classifyObsFailure, connectTimeout, websocketUrl, type ClassifiedFailure } from './obs-failure';
import {
  applyOutputPoll,
  applyOutputState,
  emptyMirror,
  meterLevels,
  sceneNamesTopDown,
  setItemEnabled,
  toDb,
  toSceneItems,
  toStats,
  updateInput,
} from './obs-mirror';
import type { ObsConnectionState, ObsConnectionStatus, ObsFailure, ObsInput, ObsInputMeter, ObsMirror, ObsScene } from './obs-types';

export interface ObsConnectionConfig {
  id: string;
  name: string;
  host: string;
  port: number;
  enabled: boolean;
  password: string;
}

export interface ObsConnectionTimings {
  /** A connect attempt (TCP, hello, identify) that takes longer fails as timed out. */
  connectTimeoutMs: number;
  /** A request OBS does not answer in time fails (and a stuck poll drops the link). */
  requestTimeoutMs: number;
  /** Stats, stream and record status have no events: polled this often while connected. */
  pollIntervalMs: number;
}

export const DEFAULT_OBS_TIMINGS: ObsConnectionTimings = { connectTimeoutMs: 5_000, requestTimeoutMs: 10_000, pollIntervalMs: 1_000 };

/** Every event group a control room needs; the high-volume meters only while someone listens. */
const BASE_EVENTS =
  EventSubscription.General |
  EventSubscription.Config |
  EventSubscription.Scenes |
  EventSubscription.Inputs |
  EventSubscription.Transitions |
  EventSubscription.Outputs |
  EventSubscription.SceneItems |
  EventSubscription.Ui;

/** Structural changes are followed by a full resync, coalesced over this window. */
const RESYNC_DEBOUNCE_MS = 100;
/** Meter events arrive every 50 ms; the UI needs no more than this. */
const METER_INTERVAL_MS = 100;

type Json = Record<string, unknown>;

/** One live link: its socket and a promise that rejects when it goes away (pending calls fail with it). */
interface Link {
  socket: OBSWebSocket;
  generation: number;
  lost: Promise<never>;
  markLost(error: Error): void;
  connectedAt: number;
}

/**
 * One OBS instance: connects with authentication, keeps a mirror of OBS's state current from its
 * events, reconnects with backoff forever when the link drops, and rebuilds the whole mirror after
 * every (re)connect and every scene-collection change. Every attempt and every request has a
 * timeout, so it is never stuck in "connecting".
 */
export class ObsConnection extends EventEmitter<{ changed: []; figures: []; meters: [ObsInputMeter[]] }> {
  private link: Link | null = null;
  private generation = 0;
  private closed = false;
  private mirror: ObsMirror = emptyMirror();
  private status: ObsConnectionStatus;
  /**
   * Retries forever: 0.5 s four times, then 1 s, then every 2 s. The cap is low on purpose: an
   * attempt costs one TCP connect, and the cap is how long a returning OBS may stay unseen.
   */
  private readonly backoff = new RestartBackoff({ initialDelayMs: 500, initialAttempts: 4, maxDelayMs: 2_000, stableAfterMs: 30_000 });
  private retryTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private resyncTimer: NodeJS.Timeout | null = null;
  private resyncing: Promise<void> | null = null;
  private resyncAgain = false;
  private polling = false;
  private meterListeners = 0;
  private lastMeterEmit = 0;
  private meters: ObsInputMeter[] = [];

  constructor(
    private config: ObsConnectionConfig,
    private readonly logger: Logger,
    private readonly timings: ObsConnectionTimings = DEFAULT_OBS_TIMINGS,
  ) {
    super();
    this.status = initialStatus(config.enabled ? 'connecting' : 'disabled');
  }

  get id(): string {
    return this.config.id;
  }

  get name(): string {
    return this.config.name;
  }

  get state(): ObsConnectionState {
    return this.status.state;
  }

  snapshot(): { status: ObsConnectionStatus; obs: ObsMirror } {
    return { status: { ...this.status }, obs: this.mirror };
  }

  currentMeters(): ObsInputMeter[] {
    return this.meters;
  }

  start(): void {
    if (this.config.enabled) this.connectSoon(0);
  }

  /** New settings: a changed address, password or enabled flag restarts the link. */
  reconfigure(next: ObsConnectionConfig): void {
    const relink = next.host !== this.config.host || next.port !== this.config.port || next.password !== this.config.password || next.enabled !== this.config.enabled;
    this.config = next;
    if (!relink) {
      this.emit('changed');
      return;
    }
    this.dropLink();
    this.backoff.reset();
    this.status = { ...this.status, attempts: 0, retryAt: null, lastFailure: null };
    if (next.enabled) this.connectSoon(0);
    else this.setState('disabled');
  }

  /** Try now instead of waiting for the next backoff step. */
  reconnectNow(): void {
    if (this.closed || !this.config.enabled) return;
    this.dropLink();
    this.backoff.reset();
    this.connectSoon(0);
  }

  /** Opt-in to InputVolumeMeters: subscribed while at least one listener wants them. */
  wantMeters(delta: 1 | -1): void {
    const before = this.meterListeners > 0;
    this.meterListeners = Math.max(0, this.meterListeners + delta);
    const after = this.meterListeners > 0;
    if (before === after) return;
    if (!after) this.meters = [];
    const link = this.link;
    if (link && link.socket.identified) {
      link.socket.reidentify({ eventSubscriptions: this.subscriptions() }).catch((err: unknown) => this.logger.warn('Could not change the event subscriptions', { error: err }));
    }
  }

  /** Throws the API's `unavailable` error, with the state and the last failure, unless connected. */
  assertConnected(): void {
    this.requireLink();
  }

  /**
   * Sends one request. Fails with a clear ApiError when not connected, when OBS refuses (naming
   * what OBS said), when OBS does not answer in time, or when the link drops meanwhile.
   */
  async call<T = Json>(requestType: string, requestData?: Json): Promise<T> {
    const link = this.requireLink();
    return (await this.guard(link, requestType, link.socket.call(requestType as never, requestData as never))) as T;
  }

  /** A request batch, run by OBS in one go; stops at the first failing request when `haltOnFailure`. */
  async batch(requests: readonly Json[], haltOnFailure: boolean): Promise<Array<{ ok: boolean; code: number; comment: string | null; data: Json }>> {
    const link = this.requireLink();
    const results = await this.guard(link, 'a request batch', link.socket.callBatch(requests as unknown as RequestBatchRequest[], { haltOnFailure }));
    return results.map((r) => ({
      ok: r.requestStatus.result,
      code: r.requestStatus.code,
      comment: r.requestStatus.result ? null : (r.requestStatus.comment ?? null),
      data: (r.responseData ?? {}) as Json,
    }));
  }

  /** The mirror is rebuilt from OBS now (after a change made through a batch, say). */
  async resyncNow(): Promise<void> {
    const link = this.requireLink();
    await this.resync(link);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropLink();
    this.removeAllListeners();
  }

  // ── link lifecycle ────────────────────────────────────────────────────────────

  private connectSoon(delayMs: number): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (delayMs <= 0) {
      void this.attempt();
      return;
    }
    this.status = { ...this.status, retryAt: new Date(Date.now() + delayMs).toISOString() };
    this.setState('retrying');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.attempt();
    }, delayMs);
  }

  private async attempt(): Promise<void> {
    if (this.closed || !this.config.enabled) return;
    const generation = ++this.generation;
    const socket = new OBSWebSocket();
    // Errors also reach the connect() promise; without a listener EventEmitter would throw.
    socket.on('ConnectionError', () => undefined);
    this.status = { ...this.status, retryAt: null };
    this.setState('connecting');
    const url = websocketUrl(this.config.host, this.config.port);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutSignal()), this.timings.connectTimeoutMs);
    });
    let identified: Awaited<ReturnType<OBSWebSocket['connect']>>;
    try {
      identified = await Promise.race([
        socket.connect(url, this.config.password || undefined, { rpcVersion: 1, eventSubscriptions: this.subscriptions() }),
        timeout,
      ]);
    } catch (err) {
      clearTimeout(timer);
      socket.removeAllListeners();
      void socket.disconnect().catch(() => undefined);
      if (generation !== this.generation || this.closed) return;
      this.failed(err instanceof TimeoutSignal ? connectTimeout(this.timings.connectTimeoutMs) : this.classify(err, false), 0);
      return;
    } finally {
      clearTimeout(timer);
    }
    if (generation !== this.generation || this.closed) {
      void socket.disconnect().catch(() => undefined);
      return;
    }

    let markLost!: (error: Error) => void;
    const lost = new Promise<never>((_, reject) => {
      markLost = reject;
    });
    lost.catch(() => undefined);
    const link: Link = { socket, generation, lost, markLost, connectedAt: Date.now() };
    this.link = link;
    this.attachEvents(link);
    this.status = { ...this.status, obsVersion: null, websocketVersion: identified.obsWebSocketVersion ?? null };
    this.setState('syncing');
    try {
      await this.resync(link);
    } catch (err) {
      if (this.link !== link) return;
      this.logger.warn('OBS connected but the first sync failed', { error: err });
      this.linkFailed(link, { kind: 'error', message: `sync failed: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    if (this.link !== link) return;
    this.status = { ...this.status, attempts: 0, lastFailure: this.status.lastFailure };
    this.setState('connected');
    this.logger.info('OBS connected', { url, obsVersion: this.status.obsVersion, syncMs: this.status.syncMs });
    this.startPolling(link);
  }

  private attachEvents(link: Link): void {
    const { socket } = link;
    const live = () => this.link === link;
    const on = (event: string, handler: (data: Json) => void) =>
      socket.on(event as never, ((data: Json) => {
        if (live()) handler(data ?? {});
      }) as never);

    socket.on('ConnectionClosed', (error: OBSWebSocketError) => {
      if (!live()) return;
      this.linkFailed(link, this.classify(error, true));
    });
    on('ExitStarted', () => {
      this.status = { ...this.status, lastFailure: failureNow({ kind: 'obs_exited', message: 'OBS is shutting down' }) };
    });
    on('CurrentProgramSceneChanged', ({ sceneName }) => this.patch({ programScene: String(sceneName) }));
    on('CurrentPreviewSceneChanged', ({ sceneName }) => this.patch({ previewScene: String(sceneName) }));
    on('StudioModeStateChanged', ({ studioModeEnabled }) =>
      this.patch({ studioMode: Boolean(studioModeEnabled), ...(studioModeEnabled ? {} : { previewScene: null }) }),
    );
    on('SceneItemEnableStateChanged', ({ sceneName, sceneItemId, sceneItemEnabled }) =>
      this.patch({ scenes: setItemEnabled(this.mirror.scenes, String(sceneName), Number(sceneItemId), Boolean(sceneItemEnabled)) }),
    );
    on('InputMuteStateChanged', ({ inputName, inputMuted }) => this.patch({ inputs: updateInput(this.mirror.inputs, String(inputName), { muted: Boolean(inputMuted) }) }));
    on('InputVolumeChanged', ({ inputName, inputVolumeDb }) => this.patch({ inputs: updateInput(this.mirror.inputs, String(inputName), { volumeDb: toDb(inputVolumeDb) }) }));
    on('StreamStateChanged', (event) => this.patch({ stream: applyOutputState(this.mirror.stream, event as never) }));
    on('RecordStateChanged', (event) => this.patch({ record: applyOutputState(this.mirror.record, event as never) }));
    // A scene collection change replaces everything: show it as syncing, then rebuild the mirror.
    on('CurrentSceneCollectionChanging', () => this.setState('syncing'));
    on('CurrentSceneCollectionChanged', () => this.scheduleResync(link));
    for (const event of [
      'SceneCreated',
      'SceneRemoved',
      'SceneNameChanged',
      'SceneListChanged',
      'SceneItemCreated',
      'SceneItemRemoved',
      'SceneItemListReindexed',
      'InputCreated',
      'InputRemoved',
      'InputNameChanged',
    ]) {
      on(event, () => this.scheduleResync(link));
    }
    on('InputVolumeMeters', ({ inputs }) => {
      const now = Date.now();
      if (now - this.lastMeterEmit < METER_INTERVAL_MS) return;
      this.lastMeterEmit = now;
      this.meters = (Array.isArray(inputs) ? (inputs as Json[]) : []).map((input) => ({ input: String(input.inputName), ...meterLevels(input.inputLevelsMul) }));
      this.emit('meters', this.meters);
    });
  }

  /** The link failed after it was up (or during the first sync): forget it and retry. */
  private linkFailed(link: Link, failure: ClassifiedFailure): void {
    if (this.link !== link) return;
    const ranMs = Date.now() - link.connectedAt;
    this.logger.warn(`OBS link lost: ${failure.message}`, { kind: failure.kind });
    this.dropLink();
    this.failed(failure, ranMs);
  }

  private failed(failure: ClassifiedFailure, ranMs: number): void {
    if (this.closed) return;
    // OBS announced its exit: keep that reason rather than the bare close that follows.
    const keepExit = this.status.lastFailure?.kind === 'obs_exited' && failure.kind === 'connection_lost';
    const delay = this.backoff.nextDelay(ranMs);
    this.status = { ...this.status, attempts: this.status.attempts + 1, lastFailure: keepExit ? this.status.lastFailure : failureNow(failure) };
    this.logger.debug('OBS connect attempt failed', { kind: failure.kind, retryInMs: delay });
    this.connectSoon(delay);
  }

  private dropLink(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.retryTimer = this.pollTimer = this.resyncTimer = null;
    this.generation += 1;
    const link = this.link;
    this.link = null;
    this.meters = [];
    if (!link) return;
    link.markLost(new ApiError('unavailable', `OBS “${this.config.name}” disconnected before it answered`));
    link.socket.removeAllListeners();
    void link.socket.disconnect().catch(() => undefined);
  }

  // ── mirror ────────────────────────────────────────────────────────────────────

  private scheduleResync(link: Link): void {
    if (this.resyncTimer) return;
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = null;
      if (this.link !== link) return;
      this.resync(link).then(
        () => {
          if (this.link === link && this.status.state === 'syncing') this.setState('connected');
        },
        (err: unknown) => {
          // A mirror we cannot rebuild is a link we cannot trust: start over.
          if (this.link === link) this.linkFailed(link, { kind: 'error', message: `resync failed: ${err instanceof Error ? err.message : String(err)}` });
        },
      );
    }, RESYNC_DEBOUNCE_MS);
  }

  /** Rebuilds the whole mirror in two request batches; one at a time, again if asked meanwhile. */
  private resync(link: Link): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    const run = async () => {
      do {
        this.resyncAgain = false;
        await this.rebuildMirror(link);
      } while (this.resyncAgain && this.link === link);
    };
    this.resyncing = run().finally(() => {
      this.resyncing = null;
    });
    return this.resyncing;
  }

  private async rebuildMirror(link: Link): Promise<void> {
    const started = Date.now();
    const first = await this.guard(
      link,
      'the state sync',
      link.socket.callBatch(
        [
          { requestType: 'GetVersion' },
          { requestType: 'GetSceneList' },
          { requestType: 'GetStudioModeEnabled' },
          { requestType: 'GetInputList' },
          { requestType: 'GetStreamStatus' },
          { requestType: 'GetRecordStatus' },
          { requestType: 'GetSceneCollectionList' },
        ] as RequestBatchRequest[],
        { haltOnFailure: false },
      ),
    );
    const data = (i: number) => (first[i]?.requestStatus.result ? ((first[i]!.responseData ?? {}) as Json) : {});
    const version = data(0);
    const sceneList = data(1);
    const inputList = data(3);
    const sceneNames = sceneNamesTopDown((sceneList.scenes as Json[] | undefined) ?? []);
    const inputs = ((inputList.inputs as Json[] | undefined) ?? []).map((i) => ({ name: String(i.inputName), kind: String(i.inputKind ?? i.unversionedInputKind ?? '') }));
    const second = await this.guard(
      link,
      'the state sync',
      link.socket.callBatch(
        [
          ...sceneNames.map((sceneName) => ({ requestType: 'GetSceneItemList', requestData: { sceneName } })),
          ...inputs.flatMap((input) => [
            { requestType: 'GetInputMute', requestData: { inputName: input.name } },
            { requestType: 'GetInputVolume', requestData: { inputName: input.name } },
          ]),
        ] as RequestBatchRequest[],
        { haltOnFailure: false },
      ),
    );
    if (this.link !== link) return;
    const answer = (i: number) => (second[i]?.requestStatus.result ? ((second[i]!.responseData ?? {}) as Json) : null);
    const scenes: ObsScene[] = sceneNames.map((name, i) => ({ name, items: toSceneItems((answer(i)?.sceneItems as Json[] | undefined) ?? []) }));
    const withAudio: ObsInput[] = inputs.map((input, i) => {
      const mute = answer(sceneNames.length + 2 * i);
      const volume = answer(sceneNames.length + 2 * i + 1);
      // Inputs without audio answer these with an error: they have no fader.
      return { ...input, muted: mute ? Boolean(mute.inputMuted) : null, volumeDb: volume ? toDb(volume.inputVolumeDb) : null };
    });
    const studioMode = Boolean(data(2).studioModeEnabled);
    this.mirror = {
      ...this.mirror,
      sceneCollection: typeof data(6).currentSceneCollectionName === 'string' ? (data(6).currentSceneCollectionName as string) : null,
      programScene: typeof sceneList.currentProgramSceneName === 'string' ? sceneList.currentProgramSceneName : null,
      previewScene: studioMode && typeof sceneList.currentPreviewSceneName === 'string' ? sceneList.currentPreviewSceneName : null,
      studioMode,
      scenes,
      inputs: withAudio,
      stream: applyOutputPoll(this.mirror.stream, data(4), 'stream'),
      record: applyOutputPoll(this.mirror.record, data(5), 'record'),
    };
    this.status = {
      ...this.status,
      obsVersion: typeof version.obsVersion === 'string' ? version.obsVersion : this.status.obsVersion,
      syncedAt: new Date().toISOString(),
      syncMs: Date.now() - started,
    };
    this.emit('changed');
  }

  private startPolling(link: Link): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    const poll = async () => {
      if (this.polling || this.link !== link) return;
      this.polling = true;
      try {
        const results = await this.guard(
          link,
          'the status poll',
          link.socket.callBatch(
            [{ requestType: 'GetStats' }, { requestType: 'GetStreamStatus' }, { requestType: 'GetRecordStatus' }] as RequestBatchRequest[],
            { haltOnFailure: false },
          ),
        );
        if (this.link !== link) return;
        const data = (i: number) => (results[i]?.requestStatus.result ? ((results[i]!.responseData ?? {}) as Json) : null);
        const stats = data(0);
        const stream = data(1);
        const record = data(2);
        this.mirror = {
          ...this.mirror,
          stats: stats ? toStats(stats) : this.mirror.stats,
          stream: stream ? applyOutputPoll(this.mirror.stream, stream, 'stream') : this.mirror.stream,
          record: record ? applyOutputPoll(this.mirror.record, record, 'record') : this.mirror.record,
        };
        this.emit('figures');
      } catch (err) {
        // An unanswered poll is the heartbeat failing: a half-open link is dropped and rebuilt.
        if (this.link === link && err instanceof ApiError && /did not answer/.test(err.message)) {
          this.linkFailed(link, { kind: 'timeout', message: 'OBS stopped answering' });
        }
      } finally {
        this.polling = false;
      }
    };
    void poll();
    this.pollTimer = setInterval(() => void poll(), this.timings.pollIntervalMs);
  }

  // ── helpers ───────────────────────────────────────────────────────────────────

  private patch(change: Partial<ObsMirror>): void {
    this.mirror = { ...this.mirror, ...change };
    this.emit('changed');
  }

  private setState(state: ObsConnectionState): void {
    if (this.status.state === state) {
      this.emit('changed');
      return;
    }
    this.status = { ...this.status, state, since: new Date().toISOString(), ...(state === 'retrying' ? {} : { retryAt: null }) };
    this.emit('changed');
  }

  private subscriptions(): number {
    return BASE_EVENTS | (this.meterListeners > 0 ? EventSubscription.InputVolumeMeters : 0);
  }

  private requireLink(): Link {
    if (this.closed) throw new ApiError('unavailable', `OBS “${this.config.name}” was removed`);
    const link = this.link;
    if (!link || !link.socket.identified) {
      const why = this.status.lastFailure ? ` (${this.status.lastFailure.message})` : '';
      const state = this.config.enabled ? this.status.state : 'disabled';
      throw new ApiError('unavailable', `OBS “${this.config.name}” is not connected: ${state}${why}`);
    }
    return link;
  }

  /** A request's answer, or a clear ApiError: OBS refused, did not answer in time, or went away meanwhile. */
  private async guard<T>(link: Link, what: string, request: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ApiError('unavailable', `OBS “${this.config.name}” did not answer ${what} within ${Math.round(this.timings.requestTimeoutMs / 1000)} s`)),
        this.timings.requestTimeoutMs,
      );
    });
    try {
      return await Promise.race([request, link.lost, timeout]);
    } catch (err) {
      throw this.toApiError(err, what);
    } finally {
      clearTimeout(timer);
    }
  }

  private toApiError(err: unknown, what: string): ApiError {
    if (err instanceof ApiError) return err;
    if (err instanceof OBSWebSocketError) return obsRequestError(this.config.name, what, err.code, err.message);
    const message = err instanceof Error ? err.message : String(err);
    return new ApiError('unavailable', `OBS “${this.config.name}” could not run ${what}: ${message}`);
  }

  private classify(err: unknown, wasConnected: boolean): ClassifiedFailure {
    const code = err instanceof OBSWebSocketError ? err.code : undefined;
    const message = err instanceof Error ? err.message : String(err);
    return classifyObsFailure({ code, message, wasConnected, hadPassword: this.config.password !== '' });
  }
}

/** Maps obs-websocket's request status codes to the API's error codes, keeping OBS's words. */
export function obsRequestError(connectionName: string, what: string, code: number, comment: string | null | undefined): ApiError {
  const said = comment ? `: ${comment}` : '';
  if (code === 600) return new ApiError('not_found', `OBS “${connectionName}” found no such thing for ${what}${said}`);
  if (code === 601) return new ApiError('conflict', `OBS “${connectionName}” refused ${what}: it already exists${said}`);
  if (code >= 500 && code < 700) return new ApiError('conflict', `OBS “${connectionName}” refused ${what}${said}`);
  if (code >= 300 && code < 500) return new ApiError('invalid_input', `OBS “${connectionName}” rejected ${what}${said}`);
  return new ApiError('unavailable', `OBS “${connectionName}” could not run ${what}${said}`);
}

class TimeoutSignal extends Error {}

function failureNow(failure: ClassifiedFailure): ObsFailure {
  return { ...failure, at: new Date().toISOString() };
}

function initialStatus(state: ObsConnectionState): ObsConnectionStatus {
  return { state, since: new Date().toISOString(), lastFailure: null, attempts: 0, retryAt: null, syncedAt: null, syncMs: null, obsVersion: null, websocketVersion: null };
}
