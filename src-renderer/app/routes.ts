export type RouteId = 'cameras' | 'program' | 'obs' | 'nodes' | 'rtmp' | 'settings';

export interface RouteInfo {
  id: RouteId;
  label: string;
  /** For pages still to come: what they will hold. */
  upcoming?: { summary: string; detail: string };
}

export const ROUTES: readonly RouteInfo[] = [
  { id: 'cameras', label: 'Cameras' },
  { id: 'program', label: 'Program' },
  { id: 'obs', label: 'OBS' },
  {
    id: 'nodes',
    label: 'Nodes',
    upcoming: {
      summary: 'Every media node in the fleet — this station and the remote engines that joined it — with their health.',
      detail: 'Coming with the nodes feature.',
    },
  },
  { id: 'rtmp', label: 'RTMP' },
  { id: 'settings', label: 'Settings' },
];

export const DEFAULT_ROUTE: RouteId = 'cameras';

export function findRoute(id: string): RouteInfo | undefined {
  return ROUTES.find((route) => route.id === id);
}
