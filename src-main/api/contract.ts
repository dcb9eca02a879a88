import { z } from 'zod';
import { procedure, topic, type ProcedureDef, type TopicDef } from './define';
import { settingsPatchSchema, type Settings } from '../settings/settings-schema';
import type { SystemInfo, SystemStats } from '../system/system-types';
import type { SupervisedProcessInfo } from '../media/supervised-process';
import type { SelfTestResult } from '../media/ffmpeg-self-test';
import { cameraInputSchema, cameraUpdateSchema } from '../cameras/camera-schema';
import type { CameraView, PreviewVariant } from '../cameras/camera-service';
import {
  recordingRefSchema,
  recordingsListInputSchema,
  recordingsTopicParamsSchema,
  recordingUrlInputSchema,
} from '../recordings/recordings-schema';
import type { RecordingInfo, RecordingUrl } from '../recordings/recording-types';
import type { HlsPlaylist } from '../hls/hls-service';
import { addressRefSchema, keyCreateSchema, keyRefSchema, sessionRefSchema, streamRefSchema, streamSnapshotSchema } from '../rtmp/rtmp-schema';
import type { RtmpOverview, RtmpRejection, RtmpServerStatus, RtmpSessionView, RtmpStreamView } from '../rtmp/rtmp-server';
import type { AddressBlock } from '../rtmp/failure-limiter';
import type { CreatedStreamKey, StreamKeyView } from '../rtmp/stream-keys';
import { streamRecordingSetSchema } from '../rtmp/stream-recording-schema';
import type { StreamRecordingView } from '../rtmp/stream-recording';
import {
  destinationInputSchema,
  destinationRefSchema,
  destinationUpdateSchema,
  restreamListInputSchema,
  type DestinationView,
} from '../restream/restream-schema';
import { obsProcedures, obsTopics } from '../obs/obs-contract';
import { compositorProcedures, compositorTopics } from '../compositor/compositor-contract';

/**
 * The engine's API, defined once. Every transport (Electron IPC, HTTP, WebSocket) carries
 * exactly these procedures and topics; the renderer imports only the types.
 * Later domains add their own entries here.
 */
const noInput = z.strictObject({});

export const procedures = {
  'system.info': procedure<SystemInfo>()(noInput, 'Version, node id, uptime, platform, FFmpeg, SFU and shell.'),
  'system.stats': procedure<SystemStats>()(noInput, 'CPU and memory of the engine and its child processes.'),
  'settings.get': procedure<Settings>()(noInput, 'The current settings, with defaults filled in.'),
  'settings.update': procedure<Settings>()(settingsPatchSchema, 'Change some settings; returns all settings.'),
  'media.processes': procedure<SupervisedProcessInfo[]>()(noInput, 'Every supervised FFmpeg process: state, pid, restarts, last exit.'),
  'media.selfTest': procedure<SelfTestResult>()(
    z.strictObject({ seconds: z.number().int().min(1).max(30).default(3) }),
    'Encode a 720p30 test pattern in real time for a few seconds: proves FFmpeg works here.',
  ),
  'cameras.list': procedure<CameraView[]>()(noInput, 'Every camera with its live health.'),
  'cameras.add': procedure<CameraView>()(cameraInputSchema, 'Add a camera; its ingest starts when it is enabled.'),
  'cameras.update': procedure<CameraView>()(cameraUpdateSchema, 'Change a camera; a changed source restarts its ingest.'),
  'cameras.remove': procedure<{ removed: true }>()(z.strictObject({ id: z.string().min(1).max(64) }), 'Remove a camera and stop its ingest.'),
  'cameras.preview': procedure<{ path: string; expiresAt: string; variant: PreviewVariant }>()(
    z.strictObject({ id: z.string().min(1).max(64), variant: z.enum(['main', 'sub']).default('main') }),
    'A ticketed path to the live FLV of a camera (WS-FLV or HTTP-FLV), valid for a minute.',
  ),
  'cameras.snapshot': procedure<{ path: string; expiresAt: string }>()(
    z.strictObject({ id: z.string().min(1).max(64), width: z.number().int().min(16).max(3840).optional() }),
    'A ticketed path to the latest frame as JPEG (refreshed at most every 3 s; fetch it again for a newer one), valid for an hour.',
  ),
  'cameras.hls': procedure<HlsPlaylist>()(
    z.strictObject({ id: z.string().min(1).max(64) }),
    'Serve a camera as HLS (started on demand, stopped a minute after the last request): a ticketed playlist path, valid for an hour.',
  ),
  'recordings.list': procedure<RecordingInfo[]>()(
    recordingsListInputSchema,
    "A camera's recorded segments, newest first (every camera's, removed ones included, without cameraId).",
  ),
  'recordings.remove': procedure<{ removed: true }>()(recordingRefSchema, 'Delete one recorded segment (not the one being written).'),
  'recordings.url': procedure<RecordingUrl>()(
    recordingUrlInputSchema,
    'A ticketed path to one recording for playback (Range requests) or, with download, to save it; valid for an hour.',
  ),
  'restream.list': procedure<DestinationView[]>()(restreamListInputSchema, "Restream destinations with their live state (one source's with sourceId); keys never included."),
  'restream.add': procedure<DestinationView>()(
    destinationInputSchema,
    'Add a restream destination (rtmp:// or rtmps://, the key as the last path segment or apart); it starts when enabled.',
  ),
  'restream.update': procedure<DestinationView>()(destinationUpdateSchema, 'Change a restream destination; a running one restarts.'),
  'restream.remove': procedure<{ removed: true }>()(destinationRefSchema, 'Remove a restream destination and stop its process.'),
  'restream.start': procedure<DestinationView>()(destinationRefSchema, 'Enable a restream destination: it connects and publishes.'),
  'restream.stop': procedure<DestinationView>()(destinationRefSchema, 'Disable a restream destination: its process stops.'),
  'rtmp.status': procedure<RtmpServerStatus>()(noInput, 'The embedded RTMP server: listening (with its OBS server URL), disabled, or error with the reason.'),
  'rtmp.keys.list': procedure<StreamKeyView[]>()(noInput, 'Stream keys without their secrets: name, expiry, revoked, last used.'),
  'rtmp.keys.create': procedure<CreatedStreamKey>()(
    keyCreateSchema,
    'Create a stream key: the full key is returned this once (stored hashed), with the OBS server URL and stream key to paste.',
  ),
  'rtmp.keys.revoke': procedure<StreamKeyView>()(keyRefSchema, 'Revoke a stream key: refused from now on, and its sessions are ended.'),
  'rtmp.sessions': procedure<RtmpSessionView[]>()(noInput, 'RTMP publishers and players: address, stream, codecs, resolution, bitrate, duration.'),
  'rtmp.kick': procedure<{ kicked: true }>()(sessionRefSchema, 'Disconnect an RTMP session.'),
  'rtmp.rejections': procedure<{ rejections: RtmpRejection[]; blocked: AddressBlock[] }>()(
    noInput,
    'Refused publishes and plays (newest first: time, address, stream, reason) and the addresses blocked after repeated failures.',
  ),
  'rtmp.unblock': procedure<{ unblocked: boolean }>()(addressRefSchema, 'Lift the block on an address.'),
  'rtmp.streams': procedure<RtmpStreamView[]>()(noInput, 'Published streams as sources (hub source rtmp_<name>) with camera-like health.'),
  'rtmp.preview': procedure<{ path: string; expiresAt: string }>()(streamRefSchema, 'A ticketed path to the live FLV of a published stream, valid for a minute.'),
  'rtmp.snapshot': procedure<{ path: string; expiresAt: string }>()(
    streamSnapshotSchema,
    'A ticketed path to the latest frame of a published stream as JPEG (/media/snapshot/rtmp_<name>.jpg; 409 when it is not live and no frame is cached), valid for an hour.',
  ),
  'rtmp.recording.list': procedure<StreamRecordingView[]>()(noInput, 'Recording policies of published streams (by stream name) with their recorders, live.'),
  'rtmp.recording.set': procedure<StreamRecordingView>()(
    streamRecordingSetSchema,
    'Set a stream\'s recording policy (kept by name, live or not): recorded into recordings/rtmp_<name>/ while published; list with recordings.list({ cameraId: "rtmp_<name>" }).',
  ),
  ...obsProcedures,
  ...compositorProcedures,
} satisfies Record<string, ProcedureDef>;

export const topics = {
  'system.stats': topic<SystemStats>()(noInput, 'Engine and child process usage, every 2 s.'),
  settings: topic<Settings>()(noInput, 'The settings, on every change.'),
  'media.processes': topic<SupervisedProcessInfo[]>()(noInput, 'The supervised processes, on every state change.'),
  cameras: topic<CameraView[]>()(noInput, 'Every camera with its health, on every state change and every second while figures change.'),
  recordings: topic<RecordingInfo[]>()(recordingsTopicParamsSchema, "A camera's recordings, again on every new segment and every deletion."),
  restream: topic<DestinationView[]>()(restreamListInputSchema, 'Restream destinations with their state, on every change and every second while figures change.'),
  rtmp: topic<RtmpOverview>()(noInput, 'The RTMP server state, sessions, published streams and blocked addresses, on every change and every second while figures change.'),
  ...obsTopics,
  ...compositorTopics,
} satisfies Record<string, TopicDef>;

export type Procedures = typeof procedures;
export type Topics = typeof topics;
export type ProcedureName = keyof Procedures;
export type TopicName = keyof Topics;

export type ProcedureInput<P extends ProcedureName> = z.input<Procedures[P]['input']>;
export type ParsedInput<P extends ProcedureName> = z.output<Procedures[P]['input']>;
export type ProcedureOutput<P extends ProcedureName> =
  Procedures[P] extends ProcedureDef<z.ZodType, infer O> ? O : never;

export type TopicParams<T extends TopicName> = z.input<Topics[T]['params']>;
export type ParsedTopicParams<T extends TopicName> = z.output<Topics[T]['params']>;
export type TopicData<T extends TopicName> = Topics[T] extends TopicDef<z.ZodType, infer D> ? D : never;

export type { Settings, SettingsPatch } from '../settings/settings-schema';
export type { SystemInfo, SystemStats } from '../system/system-types';
export type { SupervisedProcessInfo } from '../media/supervised-process';
export type { SelfTestResult } from '../media/ffmpeg-self-test';
export type { CameraView, PreviewVariant } from '../cameras/camera-service';
export type { CameraState, SourceHealth } from '../cameras/source-ingest';
export type { RecorderState, RecorderStatus, RecordingInfo, RecordingUrl } from '../recordings/recording-types';
export type { HlsPlaylist } from '../hls/hls-service';
export type { DestinationState, DestinationStatus, DestinationView } from '../restream/restream-schema';
export type { RtmpOverview, RtmpRejection, RtmpServerStatus, RtmpSessionView, RtmpStreamView, RtmpTlsStatus } from '../rtmp/rtmp-server';
export type { AddressBlock } from '../rtmp/failure-limiter';
export type { CreatedStreamKey, StreamKeyView } from '../rtmp/stream-keys';
export type { StreamRecordingView } from '../rtmp/stream-recording';
