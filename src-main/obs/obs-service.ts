import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import { ApiError, ClosedError } from '../api/errors';
import type { KnownSource } from '../app/engine-module';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import { forgetSecret, registerSecret } from '../logging/redact';
import type { StateStore } from '../store/state-store';
import { batchRequests } from './obs-batch';
import { DEFAULT_OBS_TIMINGS, ObsConnection, obsRequestError, type ObsConnectionConfig, type ObsConnectionTimings } from './obs-connection';
import type { ObsFeeds } from './obs-feeds';
import { MAX_OBS_CONNECTIONS, type obsBatchInputSchema, type obsConnectionInputSchema, type obsConnectionUpdateSchema, type obsPlaceCameraInputSchema } from './obs-schema';
import type { StoredObsConnection } from './obs-store-schema';
import type { ObsBatchResult, ObsConnectionView, ObsInput, ObsInputMeter, ObsPlacement } from './obs-types';

export interface ObsServiceOptions {
  store: StateStore;
  feeds: ObsFeeds;
  logger: Logger;
  sources(): KnownSource[];
  apiUrl(): string | null;
  timings?: Partial<ObsConnectionTimings>;
}

/** The media source OBS plays a control-room camera with: a network stream that reconnects by itself. */
export const CAMERA_INPUT_KIND = 'ffmpeg_source';

/**
 * Every OBS connection: their settings (passwords apart), their live links, and what the
 * control room does to OBS (scenes, inputs, outputs, cameras, batches). Each call checks names
 * against OBS's mirrored state first, so a typo is refused with the name before anything is sent.
 */
export class ObsService extends EventEmitter<{ changed: []; figures: []; meters: [string, ObsInputMeter[]] }> implements Service {
  readonly name = 'obs';
  private readonly connections = new Map<string, ObsConnection>();
  private readonly timings: ObsConnectionTimings;
  private closed = false;

  constructor(private readonly options: ObsServiceOptions) {
    super();
    this.setMaxListeners(0);
    this.timings = { ...DEFAULT_OBS_TIMINGS, ...options.timings };
  }

  start(): void {
    const state = this.options.store.get();
    for (const stored of state.obsConnections) {
      const password = state.obsPasswords[stored.id]?.password ?? '';
      registerSecret(password);
      this.open(stored, password).start();
    }
  }

  list(): ObsConnectionView[] {
    this.assertOpen();
    const state = this.options.store.get();
    return state.obsConnections.map((stored) => {
      const connection = this.connections.get(stored.id);
      const live = connection?.snapshot();
      return {
        ...stored,
        hasPassword: (state.obsPasswords[stored.id]?.password ?? '') !== '',
        status: live!.status,
        obs: live!.obs,
      };
    });
  }

  view(id: string): ObsConnectionView {
    const found = this.list().find((c) => c.id === id);
    if (!found) throw new ApiError('not_found', `No OBS connection ${id}`);
    return found;
  }

  async add(input: z.output<typeof obsConnectionInputSchema>): Promise<ObsConnectionView> {
    this.assertOpen();
    const state = this.options.store.get();
    if (state.obsConnections.length >= MAX_OBS_CONNECTIONS) throw new ApiError('conflict', `At most ${MAX_OBS_CONNECTIONS} OBS connections`);
    this.assertUniqueName(input.name);
    const now = new Date().toISOString();
    const stored: StoredObsConnection = { id: randomBytes(6).toString('hex'), name: input.name, host: input.host, port: input.port, enabled: input.enabled, createdAt: now, updatedAt: now };
    const password = input.password ?? '';
    registerSecret(password);
    await this.options.store.update((draft) => {
      draft.obsConnections.push(stored);
      if (password) draft.obsPasswords[stored.id] = { password };
    });
    this.options.logger.info('OBS connection added', { id: stored.id, name: stored.name, host: stored.host, port: stored.port });
    this.open(stored, password).start();
    this.emit('changed');
    return this.view(stored.id);
  }

  async update(patch: z.output<typeof obsConnectionUpdateSchema>): Promise<ObsConnectionView> {
    this.assertOpen();
    const state = this.options.store.get();
    const current = state.obsConnections.find((c) => c.id === patch.id);
    if (!current) throw new ApiError('not_found', `No OBS connection ${patch.id}`);
    if (patch.name !== undefined && patch.name !== current.name) this.assertUniqueName(patch.name);
    const next: StoredObsConnection = {
      ...current,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.host !== undefined ? { host: patch.host } : {}),
      ...(patch.port !== undefined ? { port: patch.port } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      updatedAt: new Date().toISOString(),
    };
    const oldPassword = state.obsPasswords[current.id]?.password ?? '';
    const password = patch.password ?? oldPassword;
    registerSecret(password);
    await this.options.store.update((draft) => {
      draft.obsConnections = draft.obsConnections.map((c) => (c.id === next.id ? next : c));
      if (password) draft.obsPasswords[next.id] = { password };
      else delete draft.obsPasswords[next.id];
    });
    if (password !== oldPassword) forgetSecret(oldPassword);
    this.connections.get(next.id)?.reconfigure(toConfig(next, password));
    this.emit('changed');
    return this.view(next.id);
  }

  async remove(id: string): Promise<void> {
    this.assertOpen();
    const state = this.options.store.get();
    if (!state.obsConnections.some((c) => c.id === id)) throw new ApiError('not_found', `No OBS connection ${id}`);
    const password = state.obsPasswords[id]?.password ?? '';
    await this.options.store.update((draft) => {
      draft.obsConnections = draft.obsConnections.filter((c) => c.id !== id);
      delete draft.obsPasswords[id];
    });
    await this.options.feeds.forgetConnection(id);
    forgetSecret(password);
    this.connections.get(id)?.close();
    this.connections.delete(id);
    this.emit('changed');
  }

  reconnect(id: string): ObsConnectionView {
    this.connection(id).reconnectNow();
    return this.view(id);
  }

  // ── scenes, inputs, outputs ───────────────────────────────────────────────────

  async setProgramScene(id: string, scene: string): Promise<ObsConnectionView> {
    return this.runBatch(id, [{ op: 'setProgramScene', scene }]);
  }

  async setPreviewScene(id: string, scene: string): Promise<ObsConnectionView> {
    return this.runBatch(id, [{ op: 'setPreviewScene', scene }]);
  }

  async setStudioMode(id: string, enabled: boolean): Promise<ObsConnectionView> {
    return this.runBatch(id, [{ op: 'setStudioMode', enabled }]);
  }

  async triggerTransition(id: string): Promise<ObsConnectionView> {
    return this.runBatch(id, [{ op: 'triggerTransition' }]);
  }

  async setSceneItemEnabled(id: string, scene: string, itemId: number, enabled: boolean): Promise<ObsConnectionView> {
    return this.runBatch(id, [{ op: 'setSceneItemEnabled', scene, itemId, enabled }]);
  }

  async setInputMute(id: string, input: string, muted: boolean): Promise<ObsConnectionView> {
    return this.runBatch(id, [{ op: 'setInputMute', input, muted }]);
  }

  async setInputVolume(id: string, input: string, volumeDb: number): Promise<ObsConnectionView> {
    return this.runBatch(id, [{ op: 'setInputVolume', input, volumeDb }]);
  }

  async output(id: string, output: 'stream' | 'record', action: 'start' | 'stop'): Promise<ObsConnectionView> {
    const connection = this.connection(id);
    connection.assertConnected();
    const status = connection.snapshot().obs[output];
    const what = output === 'stream' ? 'streaming' : 'recording';
    if (action === 'start' && status.active) throw new ApiError('conflict', `OBS “${connection.name}” is already ${what}`);
    if (action === 'stop' && !status.active) throw new ApiError('conflict', `OBS “${connection.name}” is not ${what}`);
    const requestType = `${action === 'start' ? 'Start' : 'Stop'}${output === 'stream' ? 'Stream' : 'Record'}`;
    await connection.call(requestType);
    return this.view(id);
  }

  /** Several operations as one obs-websocket request batch, checked first, stopping at the first failure. */
  async batch(input: z.output<typeof obsBatchInputSchema>): Promise<ObsBatchResult & { connection: ObsConnectionView }> {
    const connection = this.connection(input.id);
    connection.assertConnected();
    const requests = batchRequests(connection.name, connection.snapshot().obs, input.operations);
    const answers = await connection.batch(requests, true);
    const results = input.operations.map((op, i) => {
      const answer = answers[i];
      if (!answer) return { op: op.op, ok: false, error: 'not run: an earlier operation failed' };
      return { op: op.op, ok: answer.ok, error: answer.ok ? null : obsRequestError(connection.name, op.op, answer.code, answer.comment).message };
    });
    if (input.operations.some((op) => op.op === 'createScene')) await connection.resyncNow();
    return { results, connection: this.view(input.id) };
  }

  // ── cameras into OBS ──────────────────────────────────────────────────────────

  /**
   * Puts a hub source into an OBS scene as a network media source that plays the engine's live
   * FLV with a long-lived feed credential. Creates the scene if needed; an input of that name is
   * replaced (its settings and credential) and kept at one item in the scene: placing twice
   * changes nothing more than placing once.
   */
  async placeCamera(input: z.output<typeof obsPlaceCameraInputSchema>): Promise<ObsPlacement> {
    const connection = this.connection(input.id);
    const source = this.options.sources().find((s) => s.id === input.sourceId);
    if (!source) throw new ApiError('not_found', `No camera or published stream “${input.sourceId}”`);
    const engineUrl = (input.engineUrl ?? this.options.apiUrl())?.replace(/\/+$/, '');
    if (!engineUrl) throw new ApiError('unavailable', 'The engine is not listening yet');
    const inputName = input.inputName ?? source.name;
    const scene = input.scene;
    if (inputName === scene) throw new ApiError('invalid_input', `inputName: must differ from the scene's name “${scene}” (OBS names scenes and inputs alike)`);

    // Fresh answers, not the mirror: this call must be idempotent even right after another client's change.
    const [sceneList, inputList, video] = await connection.batch(
      [{ requestType: 'GetSceneList' }, { requestType: 'GetInputList' }, { requestType: 'GetVideoSettings' }],
      false,
    );
    const sceneNames = ((sceneList?.data.scenes as Array<{ sceneName: string }> | undefined) ?? []).map((s) => s.sceneName);
    const existing = ((inputList?.data.inputs as Array<{ inputName: string; inputKind: string }> | undefined) ?? []).find((i) => i.inputName === inputName);
    if (sceneNames.includes(inputName)) throw new ApiError('conflict', `OBS “${connection.name}” has a scene named “${inputName}”: choose another input name`);
    if (!sceneNames.includes(scene) && existing) {
      // A new scene whose name an input already uses would be refused by OBS.
      if (existing.inputName === scene) throw new ApiError('conflict', `OBS “${connection.name}” has an input named “${scene}”`);
    }
    const width = Number(video?.data.baseWidth) || 1920;
    const height = Number(video?.data.baseHeight) || 1080;

    const previous = this.options.feeds.find(connection.id, inputName);
    const issued = await this.options.feeds.issue({ sourceId: source.id, connectionId: connection.id, sceneName: scene, inputName });
    const url = `${engineUrl}/media/live/${encodeURIComponent(source.id)}.flv?ticket=${issued.ticket}`;
    const settings = {
      is_local_file: false,
      input: url,
      input_format: 'flv',
      reconnect_delay_sec: 1,
      restart_on_activate: false,
      close_when_inactive: false,
      hw_decode: false,
      buffering_mb: 1,
    };
    const fit = { boundsType: 'OBS_BOUNDS_SCALE_INNER', boundsAlignment: 0, boundsWidth: width, boundsHeight: height, positionX: 0, positionY: 0, alignment: 5 };
    const createdScene = !sceneNames.includes(scene);
    // An input of another kind under that name is replaced: OBS keeps a removed input alive while
    // scene items use it, so its items go first.
    const otherKind = existing && existing.inputKind !== CAMERA_INPUT_KIND ? await this.itemsOf(connection, sceneNames, inputName) : [];
    try {
      let sceneItemId: number;
      if (existing && existing.inputKind === CAMERA_INPUT_KIND) {
        sceneItemId = await this.replaceCameraInput(connection, scene, inputName, settings, fit, createdScene);
      } else {
        const requests: Array<Record<string, unknown>> = [
          ...(createdScene ? [{ requestType: 'CreateScene', requestData: { sceneName: scene } }] : []),
          // Another kind under that name (an old image, say) is replaced by the camera. OBS frees a
          // removed input's name only later, so it is renamed out of the way first.
          ...(existing ? renameAndRemove(inputName, otherKind) : []),
          {
            requestType: 'CreateInput',
            requestData: { sceneName: scene, inputName, inputKind: CAMERA_INPUT_KIND, inputSettings: settings, sceneItemEnabled: true },
            outputVariables: { sceneItemId: 'sceneItemId' },
          },
          { requestType: 'SetSceneItemTransform', requestData: { sceneName: scene, sceneItemTransform: fit }, inputVariables: { sceneItemId: 'sceneItemId' } },
        ];
        // Run to the end: removing an old input's items may find them gone already (harmless);
        // anything else failing also fails the CreateInput after it, which is reported.
        const answers = await connection.batch(requests, false);
        const failed = answers.find((a, i) => !a.ok && requests[i]!.requestType !== 'RemoveSceneItem');
        if (failed || answers.length < requests.length) {
          throw obsRequestError(connection.name, `placing “${inputName}” into “${scene}”`, failed?.code ?? 0, failed?.comment ?? 'the batch stopped early');
        }
        sceneItemId = Number(answers[answers.length - 2]!.data.sceneItemId);
      }
      await connection.resyncNow();
      this.options.logger.info('Camera placed into OBS', { connection: connection.name, sourceId: source.id, scene, inputName, createdScene });
      return {
        scene,
        inputName,
        sceneItemId,
        createdScene,
        replaced: existing !== undefined,
        feedId: issued.feed.id,
        url: url.replace(/ticket=[^&]+/, 'ticket=••••'),
      };
    } catch (err) {
      await this.options.feeds.restore(issued.feed, previous).catch(() => undefined);
      throw err;
    }
  }

  /** Every scene item, in any scene, that shows this input. */
  private async itemsOf(connection: ObsConnection, sceneNames: readonly string[], inputName: string): Promise<Array<{ sceneName: string; sceneItemId: number }>> {
    const lists = await connection.batch(
      sceneNames.map((sceneName) => ({ requestType: 'GetSceneItemList', requestData: { sceneName } })),
      false,
    );
    return lists.flatMap((list, i) =>
      ((list.data.sceneItems as Array<{ sceneItemId: number; sourceName: string }> | undefined) ?? [])
        .filter((item) => item.sourceName === inputName)
        .map((item) => ({ sceneName: sceneNames[i]!, sceneItemId: item.sceneItemId })),
    );
  }

  /** The camera input exists: new settings, exactly one item of it in the scene, fitted to the canvas. */
  private async replaceCameraInput(
    connection: ObsConnection,
    scene: string,
    inputName: string,
    settings: Record<string, unknown>,
    fit: Record<string, unknown>,
    createScene: boolean,
  ): Promise<number> {
    const items = createScene
      ? []
      : ((await connection.call<{ sceneItems: Array<{ sceneItemId: number; sourceName: string }> }>('GetSceneItemList', { sceneName: scene })).sceneItems ?? []).filter(
          (item) => item.sourceName === inputName,
        );
    const keep = items[0];
    const requests: Array<Record<string, unknown>> = [
      ...(createScene ? [{ requestType: 'CreateScene', requestData: { sceneName: scene } }] : []),
      { requestType: 'SetInputSettings', requestData: { inputName, inputSettings: settings, overlay: true } },
      ...items.slice(1).map((item) => ({ requestType: 'RemoveSceneItem', requestData: { sceneName: scene, sceneItemId: item.sceneItemId } })),
      keep
        ? { requestType: 'SetSceneItemTransform', requestData: { sceneName: scene, sceneItemId: keep.sceneItemId, sceneItemTransform: fit } }
        : { requestType: 'CreateSceneItem', requestData: { sceneName: scene, sourceName: inputName, sceneItemEnabled: true }, outputVariables: { sceneItemId: 'sceneItemId' } },
      ...(keep ? [] : [{ requestType: 'SetSceneItemTransform', requestData: { sceneName: scene, sceneItemTransform: fit }, inputVariables: { sceneItemId: 'sceneItemId' } }]),
    ];
    const answers = await connection.batch(requests, true);
    const failed = answers.find((a) => !a.ok);
    if (failed || answers.length < requests.length) {
      throw obsRequestError(connection.name, `replacing “${inputName}” in “${scene}”`, failed?.code ?? 0, failed?.comment ?? 'the batch stopped early');
    }
    if (keep) return keep.sceneItemId;
    return Number(answers[answers.length - 2]!.data.sceneItemId);
  }

  // ── meters ────────────────────────────────────────────────────────────────────

  /** Subscribes to one connection's audio meters; OBS sends them only while someone listens. */
  watchMeters(id: string): { meters: () => ObsInputMeter[]; live: () => boolean; stop: () => void } {
    const connection = this.connection(id);
    connection.wantMeters(1);
    let stopped = false;
    return {
      meters: () => connection.currentMeters(),
      live: () => connection.state === 'connected',
      stop: () => {
        if (stopped) return;
        stopped = true;
        connection.wantMeters(-1);
      },
    };
  }

  audioInputs(id: string): ObsInput[] {
    return this.connection(id)
      .snapshot()
      .obs.inputs.filter((i) => i.muted !== null);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
    this.removeAllListeners();
  }

  // ── helpers ───────────────────────────────────────────────────────────────────

  private async runBatch(id: string, operations: z.output<typeof obsBatchInputSchema>['operations']): Promise<ObsConnectionView> {
    const { results, connection } = await this.batch({ id, operations });
    const failed = results.find((r) => !r.ok);
    if (failed) throw new ApiError(/found no such thing/.test(failed.error ?? '') ? 'not_found' : 'conflict', failed.error ?? 'OBS refused the change');
    return connection;
  }

  private open(stored: StoredObsConnection, password: string): ObsConnection {
    const connection = new ObsConnection(toConfig(stored, password), this.options.logger.child({ obs: stored.name }), this.timings);
    connection.on('changed', () => this.emit('changed'));
    connection.on('figures', () => this.emit('figures'));
    connection.on('meters', (meters) => this.emit('meters', stored.id, meters));
    this.connections.set(stored.id, connection);
    return connection;
  }

  private connection(id: string): ObsConnection {
    this.assertOpen();
    const connection = this.connections.get(id);
    if (!connection) throw new ApiError('not_found', `No OBS connection ${id}`);
    return connection;
  }

  private assertUniqueName(name: string): void {
    if (this.options.store.get().obsConnections.some((c) => c.name.toLowerCase() === name.toLowerCase())) {
      throw new ApiError('conflict', `name: an OBS connection named “${name}” already exists`);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedError('OBS service');
  }
}

/** OBS frees a removed input's name only later, so the input is renamed out of the way first. */
function renameAndRemove(inputName: string, items: ReadonlyArray<{ sceneName: string; sceneItemId: number }>): Array<Record<string, unknown>> {
  const aside = `${inputName} (replaced ${randomBytes(3).toString('hex')})`;
  return [
    { requestType: 'SetInputName', requestData: { inputName, newInputName: aside } },
    // Removed first, its items after: OBS keeps a removed input while items use it, and frees it
    // (so RemoveInput could no longer find it) as soon as its last item goes.
    { requestType: 'RemoveInput', requestData: { inputName: aside } },
    ...items.map((item) => ({ requestType: 'RemoveSceneItem', requestData: item })),
  ];
}

function toConfig(stored: StoredObsConnection, password: string): ObsConnectionConfig {
  return { id: stored.id, name: stored.name, host: stored.host, port: stored.port, enabled: stored.enabled, password };
}
