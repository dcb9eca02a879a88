import { z } from 'zod';

/** A recording's file name as FFmpeg generates it (`-strftime 1`): `YYYYMMDD-HHMMSS.mp4`, local time. */
export const RECORDING_NAME = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.mp4$/;
/**
 * Source ids as folder names: cameras (`cam_…` from the registry) and published RTMP streams
 * (`rtmp_<name>`, names up to 64 characters); nothing that could leave the folder.
 */
export const CAMERA_DIR_NAME = /^(?:[A-Za-z0-9_-]{1,64}|rtmp_[A-Za-z0-9_-]{1,64})$/;

export const cameraIdSchema = z.string().regex(CAMERA_DIR_NAME, 'not a camera or stream source id');
export const recordingIdSchema = z.string().max(64).regex(RECORDING_NAME, 'not a recording name (YYYYMMDD-HHMMSS.mp4)');

export const recordingsListInputSchema = z.strictObject({
  /** A camera id or a published stream's source id (`rtmp_<name>`). Absent: every source's recordings, including removed ones. */
  cameraId: cameraIdSchema.optional(),
});
export const recordingRefSchema = z.strictObject({ cameraId: cameraIdSchema, id: recordingIdSchema });
export const recordingUrlInputSchema = recordingRefSchema.extend({ download: z.boolean().default(false) });
export const recordingsTopicParamsSchema = z.strictObject({ cameraId: cameraIdSchema });
