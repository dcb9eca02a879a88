/**
 * The camera schema's limits and defaults (src-main/cameras/camera-schema.ts), repeated because
 * the renderer may import only types from the engine; the e2e suite checks them against the
 * schema. The engine validates every value anyway, and its messages are what the form shows.
 */
export const CAMERA_LIMITS = {
  nameMaxLength: 80,
  urlMaxLength: 2048,
  credentialMaxLength: 256,
  segmentSeconds: { min: 2, max: 600 },
  retainHours: { min: 0, max: 24 * 365 },
  maxSizeMb: { min: 0, max: 10_000_000 },
} as const;

export const RECORDING_DEFAULTS = { enabled: false, segmentSeconds: 60, retainHours: 72, maxSizeMb: 20_000 } as const;

export const RTSP_TRANSPORT_OPTIONS = [
  { value: 'tcp', label: 'TCP' },
  { value: 'udp', label: 'UDP' },
  { value: 'auto', label: 'Auto' },
] as const;
