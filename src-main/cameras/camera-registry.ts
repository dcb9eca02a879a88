import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import { ApiError } from '../api/errors';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import type { StateStore } from '../store/state-store';
import { withoutUndefined } from '../util/objects';
import { checkCameraUrl } from './camera-url';
import type { cameraInputSchema, cameraUpdateSchema, StoredCamera, StoredCredentials } from './camera-schema';

export const MAX_CAMERAS = 64;

export type CameraInput = z.output<typeof cameraInputSchema>;
export type CameraUpdate = z.output<typeof cameraUpdateSchema>;

/** A camera as the API returns it: whether it has credentials, never what they are. */
export interface CameraDefinition extends StoredCamera {
  hasCredentials: boolean;
}

export type CameraRegistryEvents = {
  added: [StoredCamera];
  /** `sourceChanged`: what the ingest connects to changed (URL, transport, credentials, enabled). */
  updated: [before: StoredCamera, after: StoredCamera, sourceChanged: boolean];
  removed: [StoredCamera];
};

/** The persisted list of cameras: checked input in, redacted definitions out. */
export class CameraRegistry extends EventEmitter<CameraRegistryEvents> implements Service {
  readonly name = 'cameras';

  constructor(
    private readonly store: StateStore,
    private readonly fileRoots: () => string[],
    private readonly logger: Logger,
  ) {
    super();
  }

  list(): CameraDefinition[] {
    const state = this.store.get();
    return state.cameras.map((c) => ({ ...c, hasCredentials: Object.hasOwn(state.cameraCredentials, c.id) }));
  }

  get(id: string): CameraDefinition {
    const found = this.list().find((c) => c.id === id);
    if (!found) throw new ApiError('not_found', `id: no camera with id ${id}`);
    return found;
  }

  /** Credentials for the ingest only. */
  credentials(id: string): StoredCredentials | null {
    return this.store.get().cameraCredentials[id] ?? null;
  }

  async add(input: CameraInput): Promise<CameraDefinition> {
    if (this.store.get().cameras.length >= MAX_CAMERAS) throw new ApiError('conflict', `At most ${MAX_CAMERAS} cameras`);
    const main = checkCameraUrl(input.url, 'url', this.fileRoots());
    const sub = input.subUrl ? checkCameraUrl(input.subUrl, 'subUrl', this.fileRoots()) : null;
    const now = new Date().toISOString();
    const camera: StoredCamera = {
      id: `cam_${randomBytes(6).toString('hex')}`,
      name: input.name,
      url: main.url,
      subUrl: sub?.url ?? null,
      rtspTransport: input.rtspTransport,
      enabled: input.enabled,
      recording: input.recording,
      createdAt: now,
      updatedAt: now,
    };
    const credentials = input.credentials === undefined ? main.credentials : input.credentials;
    await this.store.update((state) => {
      assertUnique(state.cameras, camera);
      state.cameras.push(camera);
      if (credentials) state.cameraCredentials[camera.id] = credentials;
    });
    this.logger.info('Camera added', { camera: camera.id, name: camera.name, url: camera.url });
    this.emit('added', camera);
    return this.get(camera.id);
  }

  async update(patch: CameraUpdate): Promise<CameraDefinition> {
    const before = this.get(patch.id);
    const main = patch.url !== undefined ? checkCameraUrl(patch.url, 'url', this.fileRoots()) : null;
    const sub = patch.subUrl ? checkCameraUrl(patch.subUrl, 'subUrl', this.fileRoots()) : null;
    let after: StoredCamera | undefined;
    await this.store.update((state) => {
      const index = state.cameras.findIndex((c) => c.id === patch.id);
      const current = state.cameras[index];
      if (!current) throw new ApiError('not_found', `id: no camera with id ${patch.id}`);
      after = {
        ...current,
        ...(patch.name !== undefined && { name: patch.name }),
        ...(main && { url: main.url }),
        ...(patch.subUrl !== undefined && { subUrl: sub?.url ?? null }),
        ...(patch.rtspTransport !== undefined && { rtspTransport: patch.rtspTransport }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled }),
        recording: { ...current.recording, ...withoutUndefined(patch.recording ?? {}) },
        updatedAt: new Date().toISOString(),
      };
      assertUnique(state.cameras.filter((c) => c.id !== patch.id), after);
      state.cameras[index] = after;
      const credentials = patch.credentials !== undefined ? patch.credentials : main?.credentials;
      if (credentials === null && patch.credentials === null) delete state.cameraCredentials[patch.id];
      else if (credentials) state.cameraCredentials[patch.id] = credentials;
    });
    this.logger.info('Camera updated', { camera: patch.id });
    const sourceChanged =
      main !== null || patch.subUrl !== undefined || patch.rtspTransport !== undefined || patch.enabled !== undefined || patch.credentials !== undefined;
    this.emit('updated', before, after!, sourceChanged);
    return this.get(patch.id);
  }

  async remove(id: string): Promise<void> {
    const camera = this.get(id);
    await this.store.update((state) => {
      state.cameras = state.cameras.filter((c) => c.id !== id);
      delete state.cameraCredentials[id];
    });
    this.logger.info('Camera removed', { camera: id, name: camera.name });
    this.emit('removed', camera);
  }

  close(): void {
    this.removeAllListeners();
  }
}

function assertUnique(others: StoredCamera[], camera: StoredCamera): void {
  const sameName = others.find((c) => c.name.toLowerCase() === camera.name.toLowerCase());
  if (sameName) throw new ApiError('conflict', `name: a camera named "${sameName.name}" already exists`);
  const sameUrl = others.find((c) => c.url === camera.url);
  if (sameUrl) throw new ApiError('conflict', `url: camera "${sameUrl.name}" already uses this URL`);
}
