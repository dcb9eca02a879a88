import { z } from 'zod';
import { recordingPolicySchema } from '../cameras/camera-schema';
import { STREAM_NAME_PATTERN } from './stream-keys';

/** Persisted: recording policies of published streams, by stream name (the stream need not be live). */
export const storedStreamRecordingSchema = z.record(z.string().regex(STREAM_NAME_PATTERN), recordingPolicySchema);

const policyFields = recordingPolicySchema.shape;

export const streamRecordingSetSchema = z.strictObject({
  name: z.string().regex(STREAM_NAME_PATTERN, 'must be 1–64 letters, digits, - or _'),
  enabled: z.boolean(),
  segmentSeconds: policyFields.segmentSeconds.unwrap().optional(),
  retainHours: policyFields.retainHours.unwrap().optional(),
  maxSizeMb: policyFields.maxSizeMb.unwrap().optional(),
});
export type StreamRecordingSet = z.output<typeof streamRecordingSetSchema>;
