import type { EngineRouter } from '../app/engine';
import type { CameraRegistry } from '../cameras/camera-registry';
import { LONG_TICKET_TTL_MS, type MediaTickets } from '../media/hub/media-tickets';
import type { RtmpServer } from '../rtmp/rtmp-server';
import { rtmpSourceId } from '../rtmp/rtmp-server';
import { ApiError } from '../api/errors';
import { snapshotScope } from './snapshot-route';

/** A ticketed `/media/snapshot/<sourceId>.jpg` path (the source must exist; liveness is checked when fetched). */
function snapshotPath(tickets: MediaTickets, sourceId: string, width: number | undefined): { path: string; expiresAt: string } {
  const { ticket, expiresAt } = tickets.issue(snapshotScope(sourceId), LONG_TICKET_TTL_MS);
  const size = width === undefined ? '' : `&width=${width}`;
  return { path: `/media/snapshot/${sourceId}.jpg?ticket=${ticket}${size}`, expiresAt };
}

export function registerSnapshotApi(api: EngineRouter, registry: CameraRegistry, rtmp: RtmpServer, tickets: MediaTickets): void {
  api.implement('cameras.snapshot', ({ id, width }) => {
    registry.get(id);
    return snapshotPath(tickets, id, width);
  });
  api.implement('rtmp.snapshot', ({ name, width }) => {
    if (!rtmp.listStreams().some((s) => s.name === name)) throw new ApiError('not_found', `name: no published stream "${name}"`);
    return snapshotPath(tickets, rtmpSourceId(name), width);
  });
}
