import type { EngineRouter } from '../app/engine';
import type { CameraRegistry } from '../cameras/camera-registry';
import { LONG_TICKET_TTL_MS, type MediaTickets } from '../media/hub/media-tickets';
import { snapshotScope } from './snapshot-route';

export function registerSnapshotApi(api: EngineRouter, registry: CameraRegistry, tickets: MediaTickets): void {
  api.implement('cameras.snapshot', ({ id, width }) => {
    registry.get(id);
    const { ticket, expiresAt } = tickets.issue(snapshotScope(id), LONG_TICKET_TTL_MS);
    const size = width === undefined ? '' : `&width=${width}`;
    return { path: `/media/snapshot/${id}.jpg?ticket=${ticket}${size}`, expiresAt };
  });
}
