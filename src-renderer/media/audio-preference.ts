/** The focused view's volume, remembered on this machine (0–1). */
const STORAGE_KEY = 'control-room.preview-volume';
const DEFAULT_VOLUME = 1;

export function loadVolume(): number {
  try {
    const value = Number(localStorage.getItem(STORAGE_KEY));
    return localStorage.getItem(STORAGE_KEY) !== null && value >= 0 && value <= 1 ? value : DEFAULT_VOLUME;
  } catch {
    return DEFAULT_VOLUME;
  }
}

export function saveVolume(volume: number): void {
  try {
    localStorage.setItem(STORAGE_KEY, String(volume));
  } catch {
    // Storage disabled: the volume lasts for this page only.
  }
}
