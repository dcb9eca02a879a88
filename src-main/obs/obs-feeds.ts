import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../api/errors';
import { registerSecret } from '../logging/redact';
import type { StateStore } from '../store/state-store';
import type { StoredObsFeed } from './obs-store-schema';
import type { ObsFeedView } from './obs-types';

/** `feed.<12 hex id>.<secret>`: what OBS carries as the `ticket` of its media URL. */
const FEED_TICKET = /^feed\.([0-9a-f]{12})\.([A-Za-z0-9_-]{32})$/;

export interface IssuedFeed {
  feed: StoredObsFeed;
  ticket: string;
}

/**
 * Long-lived, per-placement, revocable credentials for OBS media sources. A media ticket lasts a
 * minute, but OBS replays a URL whenever its source reconnects (OBS restarted, the engine
 * restarted, the camera came back), so the URL carries a credential that lasts until the input is
 * replaced, revoked or its connection removed. Only a salted hash is stored; the secret lives in
 * OBS's input settings.
 */
export class ObsFeeds {
  constructor(private readonly store: StateStore) {}

  list(): ObsFeedView[] {
    return this.store.get().obsFeeds.map(({ salt: _salt, hash: _hash, ...view }) => view);
  }

  /** A new credential for one OBS input; any earlier one of that input is revoked with it. */
  async issue(place: { sourceId: string; connectionId: string; sceneName: string; inputName: string }): Promise<IssuedFeed> {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    const salt = randomBytes(16).toString('hex');
    registerSecret(secret);
    const feed: StoredObsFeed = { id, ...place, salt, hash: hashSecret(salt, secret), createdAt: new Date().toISOString(), lastUsedAt: null };
    await this.store.update((draft) => {
      draft.obsFeeds = [...draft.obsFeeds.filter((f) => !(f.connectionId === place.connectionId && f.inputName === place.inputName)), feed];
    });
    return { feed, ticket: `feed.${id}.${secret}` };
  }

  /** Puts back what `issue` replaced (the OBS side of a placement failed). */
  async restore(issued: StoredObsFeed, previous: StoredObsFeed | undefined): Promise<void> {
    await this.store.update((draft) => {
      draft.obsFeeds = [...draft.obsFeeds.filter((f) => f.id !== issued.id), ...(previous ? [previous] : [])];
    });
  }

  find(connectionId: string, inputName: string): StoredObsFeed | undefined {
    return this.store.get().obsFeeds.find((f) => f.connectionId === connectionId && f.inputName === inputName);
  }

  async revoke(feedId: string): Promise<void> {
    if (!this.store.get().obsFeeds.some((f) => f.id === feedId)) throw new ApiError('not_found', `No OBS feed ${feedId}`);
    await this.store.update((draft) => {
      draft.obsFeeds = draft.obsFeeds.filter((f) => f.id !== feedId);
    });
  }

  async forgetConnection(connectionId: string): Promise<void> {
    if (!this.store.get().obsFeeds.some((f) => f.connectionId === connectionId)) return;
    await this.store.update((draft) => {
      draft.obsFeeds = draft.obsFeeds.filter((f) => f.connectionId !== connectionId);
    });
  }

  /** For MediaTickets: true when `ticket` is a live feed credential for this hub source. */
  verify(scope: string, ticket: string): boolean {
    return verifyFeedTicket(this.store.get().obsFeeds, scope, ticket);
  }
}

export function verifyFeedTicket(feeds: readonly StoredObsFeed[], scope: string, ticket: string): boolean {
  const match = FEED_TICKET.exec(ticket);
  if (!match) return false;
  const feed = feeds.find((f) => f.id === match[1]);
  if (!feed || feed.sourceId !== scope) return false;
  const expected = Buffer.from(feed.hash, 'hex');
  const given = Buffer.from(hashSecret(feed.salt, match[2]!), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function hashSecret(salt: string, secret: string): string {
  return createHash('sha256').update(Buffer.from(salt, 'hex')).update(secret, 'utf8').digest('hex');
}
