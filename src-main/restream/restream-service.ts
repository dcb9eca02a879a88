import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import { forgetSecret, registerSecret } from '../logging/redact';
import type { MediaHub } from '../media/hub/media-hub';
import type { ProcessSupervisor } from '../media/supervisor';
import type { StateStore } from '../store/state-store';
import type { SlateFormat } from './restream-args';
import { RestreamDestination } from './restream-destination';
import {
  MAX_DESTINATIONS,
  type destinationInputSchema,
  type destinationUpdateSchema,
  type DestinationStatus,
  type DestinationView,
  type StoredDestination,
  type StoredDestinationSecret,
} from './restream-schema';
import { parseDestination, publishUrl, redactedUrl } from './restream-url';
import { ChangePublisher } from '../util/change-publisher';

export type DestinationInput = z.output<typeof destinationInputSchema>;
export type DestinationUpdate = z.output<typeof destinationUpdateSchema>;

/** How often live figures (bitrate, uptime) are pushed while they change. */
const FIGURES_INTERVAL_MS = 1_000;

export interface RestreamServiceOptions {
  store: StateStore;
  supervisor: ProcessSupervisor;
  hub: MediaHub;
  /** Whether a hub source id names a source that exists (a camera now; published streams and the program later). */
  sourceExists: (sourceId: string) => boolean;
  sourceLive: (sourceId: string) => boolean;
  sourceFormat: (sourceId: string) => Partial<SlateFormat>;
  logger: Logger;
}

function stoppedStatus(): DestinationStatus {
  return {
    state: 'stopped',
    reason: null,
    since: new Date().toISOString(),
    sending: null,
    bitrateKbps: null,
    liveSince: null,
    uptimeSeconds: null,
    restarts: 0,
    retryAt: null,
    pid: null,
  };
}

/**
 * Restream destinations per source: persisted (the key apart, in its own slice), one
 * RestreamDestination running for each enabled one, and their live state for the API.
 */
export class RestreamService extends EventEmitter<{ changed: [DestinationView[]] }> implements Service {
  readonly name = 'restream';
  private readonly running = new Map<string, RestreamDestination>();
  private queue: Promise<void> = Promise.resolve();
  private forgetting: Promise<void> = Promise.resolve();
  private readonly figuresTimer: NodeJS.Timeout;
  private readonly changes = new ChangePublisher<DestinationView[]>(figuresKey, (list) => this.emit('changed', list));
  private closed = false;
  private readonly log: Logger;

  constructor(private readonly options: RestreamServiceOptions) {
    super();
    this.log = options.logger;
    for (const secret of Object.values(options.store.get().restreamSecrets)) this.register(secret);
    this.figuresTimer = setInterval(() => this.publishFigures(), FIGURES_INTERVAL_MS);
    this.figuresTimer.unref();
  }

  /** Starts every enabled destination. */
  start(): void {
    this.serialise(() => {
      for (const destination of this.stored()) this.run(destination);
    });
  }

  list(sourceId?: string): DestinationView[] {
    return this.stored()
      .filter((d) => sourceId === undefined || d.sourceId === sourceId)
      .map((d) => this.view(d));
  }

  get(id: string): DestinationView {
    const found = this.stored().find((d) => d.id === id);
    if (!found) throw new ApiError('not_found', `id: no restream destination with id ${id}`);
    return this.view(found);
  }

  async add(input: DestinationInput): Promise<DestinationView> {
    if (!this.options.sourceExists(input.sourceId)) throw new ApiError('not_found', `sourceId: no source with id ${input.sourceId}`);
    if (this.stored().length >= MAX_DESTINATIONS) throw new ApiError('conflict', `At most ${MAX_DESTINATIONS} restream destinations`);
    const { baseUrl, secret } = parseDestination(input.url, input.key);
    const now = new Date().toISOString();
    const destination: StoredDestination = {
      id: `dst_${randomBytes(6).toString('hex')}`,
      sourceId: input.sourceId,
      name: input.name,
      baseUrl,
      enabled: input.enabled,
      fallback: { enabled: input.fallback?.enabled ?? false, imagePath: input.fallback?.imagePath ?? null },
      createdAt: now,
      updatedAt: now,
    };
    this.register(secret);
    await this.options.store.update((state) => {
      assertUniqueName(state.restreamDestinations, destination);
      state.restreamDestinations.push(destination);
      state.restreamSecrets[destination.id] = secret;
    });
    this.log.info('Restream destination added', { destination: destination.id, sourceId: destination.sourceId, url: redactedUrl(baseUrl, secret) });
    await this.apply(destination.id);
    return this.get(destination.id);
  }

  async update(patch: DestinationUpdate): Promise<DestinationView> {
    const current = this.stored().find((d) => d.id === patch.id);
    if (!current) throw new ApiError('not_found', `id: no restream destination with id ${patch.id}`);
    const currentSecret = this.secret(patch.id);
    let baseUrl = current.baseUrl;
    let secret = currentSecret;
    if (patch.url !== undefined) {
      const parsed = parseDestination(patch.url, patch.key);
      baseUrl = parsed.baseUrl;
      // A URL without a key keeps the stored key.
      secret = { key: parsed.secret.key || currentSecret.key, userinfo: parsed.secret.userinfo };
    } else if (patch.key !== undefined) {
      secret = { ...currentSecret, key: parseDestination(`${current.baseUrl}`, patch.key).secret.key };
    }
    const after: StoredDestination = {
      ...current,
      name: patch.name ?? current.name,
      baseUrl,
      enabled: patch.enabled ?? current.enabled,
      fallback: patch.fallback ? { enabled: patch.fallback.enabled, imagePath: patch.fallback.imagePath ?? null } : current.fallback,
      updatedAt: new Date().toISOString(),
    };
    this.register(secret);
    await this.options.store.update((state) => {
      assertUniqueName(state.restreamDestinations.filter((d) => d.id !== after.id), after);
      const index = state.restreamDestinations.findIndex((d) => d.id === after.id);
      if (index < 0) throw new ApiError('not_found', `id: no restream destination with id ${after.id}`);
      state.restreamDestinations[index] = after;
      state.restreamSecrets[after.id] = secret;
    });
    if (secret.key !== currentSecret.key) forgetSecret(currentSecret.key);
    this.log.info('Restream destination updated', { destination: after.id, url: redactedUrl(after.baseUrl, secret), enabled: after.enabled });
    await this.apply(after.id, true);
    return this.get(after.id);
  }

  setEnabled(id: string, enabled: boolean): Promise<DestinationView> {
    return this.update({ id, enabled });
  }

  async remove(id: string): Promise<void> {
    this.get(id);
    const secret = this.secret(id);
    await this.options.store.update((state) => {
      state.restreamDestinations = state.restreamDestinations.filter((d) => d.id !== id);
      delete state.restreamSecrets[id];
    });
    this.log.info('Restream destination removed', { destination: id });
    await this.apply(id, true);
    forgetSecret(secret.key);
    forgetSecret(secret.userinfo);
  }

  /** The source is gone for good (a camera removed): its destinations stop and are forgotten. */
  forgetSource(sourceId: string): Promise<void> {
    const task = async () => {
      const ids = this.stored()
        .filter((d) => d.sourceId === sourceId)
        .map((d) => d.id);
      for (const id of ids) await this.remove(id);
    };
    const result = this.forgetting.then(task);
    this.forgetting = result.catch((err: unknown) => this.log.error('Restream cleanup failed', { sourceId, error: err }));
    return result;
  }

  /** Resolves once every change so far (sources forgotten included) has reached the processes. */
  async settled(): Promise<void> {
    await this.forgetting;
    await this.queue;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.figuresTimer);
    await this.forgetting;
    await this.queue;
    await Promise.all([...this.running.values()].map((d) => d.stop()));
    this.running.clear();
    this.removeAllListeners();
  }

  private stored(): StoredDestination[] {
    return this.options.store.get().restreamDestinations;
  }

  private secret(id: string): StoredDestinationSecret {
    return this.options.store.get().restreamSecrets[id] ?? { key: '', userinfo: '' };
  }

  private register(secret: StoredDestinationSecret): void {
    registerSecret(secret.key);
    registerSecret(secret.userinfo);
  }

  /** Brings the running process in line with what is stored (restarting it when `restart`). */
  private apply(id: string, restart = false): Promise<void> {
    this.serialise(async () => {
      const existing = this.running.get(id);
      const destination = this.stored().find((d) => d.id === id);
      if (existing && (restart || !destination?.enabled)) {
        this.running.delete(id);
        await existing.stop();
      }
      if (destination) this.run(destination);
      this.publish();
    });
    return this.queue;
  }

  private run(destination: StoredDestination): void {
    if (this.closed || !destination.enabled || this.running.has(destination.id)) return;
    const runtime = new RestreamDestination({
      destination,
      publishUrl: publishUrl(destination.baseUrl, this.secret(destination.id)),
      supervisor: this.options.supervisor,
      hub: this.options.hub,
      sourceLive: this.options.sourceLive,
      sourceFormat: this.options.sourceFormat,
      logger: this.log.child({ destination: destination.id, sourceId: destination.sourceId }),
    });
    runtime.on('status', () => this.publish());
    this.running.set(destination.id, runtime);
    runtime.start();
  }

  private view(destination: StoredDestination): DestinationView {
    const secret = this.secret(destination.id);
    return {
      id: destination.id,
      sourceId: destination.sourceId,
      name: destination.name,
      url: redactedUrl(destination.baseUrl, secret),
      hasKey: secret.key !== '',
      enabled: destination.enabled,
      fallback: { enabled: destination.fallback.enabled, imagePath: destination.fallback.imagePath },
      createdAt: destination.createdAt,
      updatedAt: destination.updatedAt,
      status: this.running.get(destination.id)?.status() ?? stoppedStatus(),
    };
  }

  private serialise(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.log.error('Restream change failed', { error: err }));
  }

  private publish(): void {
    if (this.closed) return;
    this.changes.publish(this.list());
  }

  private publishFigures(): void {
    this.changes.publishIfChanged(this.list());
  }
}

function assertUniqueName(others: StoredDestination[], destination: StoredDestination): void {
  const same = others.find((d) => d.sourceId === destination.sourceId && d.name.toLowerCase() === destination.name.toLowerCase());
  if (same) throw new ApiError('conflict', `name: this source already has a destination named "${same.name}"`);
}

function figuresKey(list: DestinationView[]): string {
  return list.map((d) => `${d.id}:${d.status.state}:${d.status.sending}:${d.status.bitrateKbps}:${d.status.uptimeSeconds}:${d.status.pid}`).join('|');
}
