/** Line icons for icon buttons (24×24, stroked with the current colour: `.icon-button svg.stroke-icon`). */
const PATHS = {
  remove: ['M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13'],
  rename: ['M4 20h4L19 9l-4-4L4 16v4z'],
  forward: ['M6 15l6-6 6 6'],
  backward: ['M6 9l6 6 6-6'],
  shown: ['M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z', 'M12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6'],
  hidden: ['M3 3l18 18M10.6 5.1A10 10 0 0 1 12 5c6.4 0 10 7 10 7a17 17 0 0 1-3.2 4.1M6.6 6.6C3.8 8.4 2 12 2 12s3.6 7 10 7a9.7 9.7 0 0 0 5.4-1.6'],
} as const;

export type StrokeIconName = keyof typeof PATHS;

export function StrokeIcon({ name }: { name: StrokeIconName }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className="stroke-icon">
      {PATHS[name].map((d) => (
        <path key={d} d={d} fill="none" />
      ))}
    </svg>
  );
}
