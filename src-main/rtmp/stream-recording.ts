import { EventEmitter } from 'node:events';
import { recordingPolicySchema, type RecordingPolicy } from '../cameras/camera-schema';
import type { ExternalRecordingSource } from '../recordings/recording-service';
import type { RecorderStatus } from '../recordings/recording-types';
import type { StateStore } from '../store/state-store';
import { rtmpSourceId, type RtmpStreamView } from './rtmp-server';
import type { StreamRecordingSet } from './stream-recording-schema';

export interface StreamRecordingView {
  name: string;
  /** The hub source id and recordings folder: `recordings.list({ cameraId: sourceId })`. */
  sourceId: string;
  recording: RecordingPolicy;
  recorder: RecorderStatus;
}

/**
 * Recording policies of published RTMP streams, kept by stream name in the state file: a stream
 * whose policy is enabled is recorded (into `recordings/rtmp_<name>/`) whenever it has a publisher.
 */
export class StreamRecordingPolicies extends EventEmitter<{ changed: [] }> {
  constructor(private readonly store: StateStore) {
    super();
  }

  policy(name: string): RecordingPolicy {
    return this.store.get().rtmpRecording[name] ?? recordingPolicySchema.parse({});
  }

  list(): Array<{ name: string; recording: RecordingPolicy }> {
    return Object.entries(this.store.get().rtmpRecording).map(([name, recording]) => ({ name, recording }));
  }

  /** Sets a stream's policy; fields left out keep their stored value (or the default). */
  async set(input: StreamRecordingSet): Promise<RecordingPolicy> {
    const { name, ...patch } = input;
    const next = recordingPolicySchema.parse({ ...this.policy(name), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) });
    await this.store.update((draft) => {
      draft.rtmpRecording[name] = next;
    });
    this.emit('changed');
    return next;
  }

  /** What the recording service follows: every stream with a policy, active while it has a publisher. */
  sources(streams: readonly RtmpStreamView[]): ExternalRecordingSource[] {
    const publishing = new Set(streams.filter((s) => s.publisherSessionId !== null).map((s) => s.name));
    return this.list().map(({ name, recording }) => ({ id: rtmpSourceId(name), name: `RTMP ${name}`, recording, active: publishing.has(name) }));
  }
}
