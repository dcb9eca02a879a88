import type { CameraState, CameraView } from '../../../src-main/api/contract';

/** The page subtitle: `4 cameras · 2 live · 1 reconnecting · 1 disabled`. */
const GROUPS: readonly { label: string; states: readonly CameraState[] }[] = [
  { label: 'live', states: ['live'] },
  { label: 'connecting', states: ['connecting'] },
  { label: 'stalled', states: ['stalled'] },
  { label: 'reconnecting', states: ['reconnecting'] },
  { label: 'down', states: ['offline', 'error'] },
  { label: 'disabled', states: ['disabled'] },
];

export function camerasSummary(cameras: readonly CameraView[], engineReachable = true): string {
  if (cameras.length === 0) return 'No cameras yet';
  const parts = [`${cameras.length} ${cameras.length === 1 ? 'camera' : 'cameras'}`];
  if (!engineReachable) return `${parts[0]} · state unknown while the engine is unreachable`;
  for (const group of GROUPS) {
    const count = cameras.filter((c) => group.states.includes(c.status.state)).length;
    if (count > 0 || group.label === 'live') parts.push(`${count} ${group.label}`);
  }
  return parts.join(' · ');
}
