import { z } from 'zod';

/** A recording's file name as FFmpeg generates it (`-strftime 1`): `YYYYMMDD-HHMMSS.mp4`, local time. */
export const RECORDING_NAME = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.mp4$/;
/** Camera ids as folder names: `cam_…` from the registry, nothing that could leave the folder. */
export const CAMERA_DIR_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export const cameraIdSchema = z.string().regex(CAMERA_DIR_NAME, 'not a camera id');
export const recordingIdSchema = z.string().max(64).regex(RECORDING_NAME, 'not a recording name (YYYYMMDD-HHMMSS.mp4)');

export const recordingsListInputSchema = z.strictObject({
  /** Absent: every camera's recordings, including cameras since removed. */
  cameraId: cameraIdSchema.optional(),
});
export const recordingRefSchema = z.strictObject({ cameraId: cameraIdSchema, id: recordingIdSchema });
export const recordingUrlInputSchema = recordingRefSchema.extend({ download: z.boolean().default(false) });
export const recordingsTopicParamsSchema = z.strictObject({ cameraId: cameraIdSchema });
