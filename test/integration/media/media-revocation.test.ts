import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src-main/logging/logger';
import { MediaHub } from '../../../src-main/media/hub/media-hub';
import { MediaTickets } from '../../../src-main/media/hub/media-tickets';
import { LiveFlvRoute } from '../../../src-main/media/hub/live-flv-route';
import { MediaRoutes } from '../../../src-main/media/media-routes';

/**
 * A live stream admitted by a long-lived, revocable credential (an OBS feed) ends when the
 * credential is revoked; one admitted by a short-lived ticket is not cut when that expires.
 */
const hub = new MediaHub();
const tickets = new MediaTickets();
const revoked = new Set<string>();
tickets.addVerifier((scope, ticket) => scope === 'cam1' && ticket.startsWith('feed.') && !revoked.has(ticket));
const routes = new MediaRoutes(tickets, 'cr_unused_token_for_this_test_000', silentLogger());
routes.register('live', new LiveFlvRoute(hub));
const server = http.createServer((req, res) => routes.handleRequest(req, res));
let base = '';

beforeAll(async () => {
  hub.source('cam1');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  routes.close();
  hub.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Opens the live stream and resolves with a promise of how it ended. */
function open(ticket: string): Promise<{ status: number; ended: Promise<'closed'> }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/media/live/cam1.flv?ticket=${encodeURIComponent(ticket)}`, (res) => {
      res.resume();
      const ended = new Promise<'closed'>((done) => {
        res.once('close', () => done('closed'));
        res.once('error', () => done('closed'));
      });
      resolve({ status: res.statusCode ?? 0, ended });
    });
    req.once('error', reject);
  });
}

const within = (ms: number) => new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), ms));

describe('media connections and revocable credentials', () => {
  it('ends a stream when its long-lived credential is revoked, and refuses it afterwards', async () => {
    const feed = await open('feed.one');
    expect(feed.status).toBe(200);
    const signed = await open(tickets.issue('cam1', 1_000).ticket);
    expect(signed.status).toBe(200);
    expect(await Promise.race([feed.ended, within(500)])).toBe('open');

    revoked.add('feed.one');
    expect(await Promise.race([feed.ended, within(6_000)])).toBe('closed');
    expect((await open('feed.one')).status).toBe(401);
    // The signed ticket has expired meanwhile: it only had to be good when the stream started.
    expect(await Promise.race([signed.ended, within(100)])).toBe('open');
  });
});
