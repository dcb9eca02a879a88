import type { StateStore } from '../store/state-store';
import { ApiError } from '../api/errors';
import { keyView, newKeyMaterial, verifyKey, type KeyCheck, type StreamKeyView } from './stream-keys';

/** Stream keys in the persisted state: hashed, listed without secrets, revocable. */
export class StreamKeyService {
  constructor(private readonly store: StateStore) {}

  list(): StreamKeyView[] {
    return this.store.get().rtmpKeys.map((k) => keyView(k));
  }

  /** The only moment the full key exists outside the publisher: returned once, never stored. */
  async create(name: string, expiresAt: string | null): Promise<{ key: StreamKeyView; fullKey: string }> {
    if (expiresAt && Date.parse(expiresAt) <= Date.now()) throw new ApiError('invalid_input', 'expiresAt: must be in the future');
    const material = newKeyMaterial();
    const stored = {
      id: material.id,
      name,
      salt: material.salt,
      hash: material.hash,
      createdAt: new Date().toISOString(),
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.store.update((draft) => {
      draft.rtmpKeys.push(stored);
    });
    return { key: keyView(stored), fullKey: material.full };
  }

  async revoke(id: string): Promise<StreamKeyView> {
    const key = this.store.get().rtmpKeys.find((k) => k.id === id);
    if (!key) throw new ApiError('not_found', `id: no stream key "${id}"`);
    if (key.revokedAt) return keyView(key);
    const next = await this.store.update((draft) => {
      const k = draft.rtmpKeys.find((x) => x.id === id);
      if (k) k.revokedAt = new Date().toISOString();
    });
    return keyView(next.rtmpKeys.find((k) => k.id === id)!);
  }

  check(full: string | null | undefined): KeyCheck {
    return verifyKey(this.store.get().rtmpKeys, full);
  }

  markUsed(id: string): void {
    void this.store
      .update((draft) => {
        const k = draft.rtmpKeys.find((x) => x.id === id);
        if (k) k.lastUsedAt = new Date().toISOString();
      })
      .catch(() => undefined);
  }
}
