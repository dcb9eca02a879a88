import type { RouteId } from '../app/routes';

/** Simple line icons, one per page (24×24, stroked with the current colour). */
const PATHS: Record<RouteId, string[]> = {
  cameras: ['M3 7.5A1.5 1.5 0 0 1 4.5 6h10A1.5 1.5 0 0 1 16 7.5v9a1.5 1.5 0 0 1-1.5 1.5h-10A1.5 1.5 0 0 1 3 16.5z', 'M16 10.5l5-3v9l-5-3'],
  program: ['M3 5h18v11H3z', 'M8 20h8', 'M12 16v4', 'M10 8.5v4l3.5-2z'],
  obs: ['M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18', 'M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8'],
  nodes: ['M12 3v5', 'M12 8l-6 8', 'M12 8l6 8', 'M10 3h4v4h-4z', 'M4 16h4v4H4z', 'M16 16h4v4h-4z'],
  rtmp: ['M12 13v8', 'M8.5 9.5a5 5 0 0 1 7 0', 'M5.5 6.5a9 9 0 0 1 13 0', 'M12 11a1 1 0 1 0 0 2a1 1 0 1 0 0-2'],
  settings: [
    'M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6',
    'M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z',
  ],
};

export function NavIcon({ route }: { route: RouteId }) {
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {PATHS[route].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
