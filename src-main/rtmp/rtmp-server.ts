import fs from 'node:fs/promises';
import net from 'node:net';
import tls from 'node:tls';
import querystring from 'node:querystring';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Service } from '../app/service';
import type { Logger } from '../logging/logger';
import type { HubSource, MediaHub } from '../media/hub/media-hub';
import type { MediaTickets } from '../media/hub/media-tickets';
import { ApiError } from '../api/errors';
import { blankHealth, STALL_AFTER_MS, type SourceHealth } from '../cameras/source-ingest';
import { FailureLimiter, type AddressBlock } from './failure-limiter';
import type { FlvTag } from '../media/hub/flv-parser';
import { readIntoReusedBuffer } from './reused-read-buffer';
import { refuseOversizedData, OversizedDataError, Rtmp, type NmsAvPacket, type NmsRtmp } from './nms-protocol';
import type { StreamKeyService } from './stream-key-service';
import { RTMP_APP, streamNameProblem } from './stream-keys';

export type RtmpServerState = 'stopped' | 'starting' | 'listening' | 'error' | 'disabled';

export interface RtmpTlsConfig {
  enabled: boolean;
  port: number;
  certPath: string;
  keyPath: string;
}

export interface RtmpServerConfig {
  enabled: boolean;
  host: string;
  port: number;
  /** Absent: no RTMPS. */
  tls?: RtmpTlsConfig;
}

/** The RTMPS listener: its own state, so a bad certificate never stops plain RTMP. */
export interface RtmpTlsStatus {
  state: RtmpServerState;
  /** Why it is not listening, in words (a missing or unreadable certificate, a port in use); null when listening. */
  reason: string | null;
  port: number | null;
  /** What to paste into OBS as "Server" for RTMPS. */
  url: string | null;
}

export interface RtmpServerStatus {
  state: RtmpServerState;
  /** Why it is not listening, in words; null when listening. */
  reason: string | null;
  host: string;
  /** The bound port (the configured one, or the one chosen for port 0). */
  port: number | null;
  /** What to paste into OBS as "Server". */
  url: string | null;
  tls: RtmpTlsStatus;
}

export type RtmpSessionKind = 'publisher' | 'player';

export interface RtmpSessionView {
  id: string;
  kind: RtmpSessionKind | 'connecting';
  remoteAddress: string;
  streamName: string | null;
  keyId: string | null;
  video: { codec: string; width: number | null; height: number | null } | null;
  audio: { codec: string } | null;
  bitrateKbps: number | null;
  startedAt: string;
  durationSeconds: number;
}

export interface RtmpRejection {
  at: string;
  remoteAddress: string;
  streamName: string | null;
  kind: 'publish' | 'play' | 'connection';
  reason: string;
}

export interface RtmpStreamView {
  name: string;
  /** The hub source id: `/media/live/<sourceId>.flv`, snapshots, recordings. */
  sourceId: string;
  kind: 'rtmp';
  publisherSessionId: string | null;
  status: SourceHealth & { readers: number };
}

export interface RtmpOverview {
  server: RtmpServerStatus;
  sessions: RtmpSessionView[];
  streams: RtmpStreamView[];
  blocked: AddressBlock[];
}

/** Rejections kept for the API. */
const MAX_REJECTIONS = 200;
/** A publisher sending a metadata (script) message larger than this is refused. */
export const MAX_METADATA_BYTES = 64 * 1024;
/** RTMP sessions at once; more connections are refused. */
const MAX_SESSIONS = 256;
/** How long a connection may take to start publishing or playing. */
const HANDSHAKE_TIMEOUT_MS = 10_000;
const FIGURES_INTERVAL_MS = 1_000;

const VIDEO_CODECS: Record<number, string> = { 7: 'h264', 12: 'hevc', 2: 'flv1', 4: 'vp6f' };
const AUDIO_CODECS: Record<number, string> = { 10: 'aac', 2: 'mp3', 11: 'speex', 13: 'opus' };

export function rtmpSourceId(name: string): string {
  return `rtmp_${name}`;
}

interface Session {
  id: string;
  socket: net.Socket;
  rtmp: NmsRtmp;
  address: string;
  kind: RtmpSessionKind | 'connecting';
  streamName: string | null;
  keyId: string | null;
  startedAt: number;
  bytes: number;
  lastBytes: number;
  bitrateKbps: number | null;
  handshakeTimer: NodeJS.Timeout | null;
}

/** A published stream: its hub source, its health, and its RTMP players. */
interface PublishedStream {
  name: string;
  hubSource: HubSource;
  publisher: Session | null;
  write: ((tag: FlvTag) => void) | null;
  health: SourceHealth;
  frames: number;
  video: SourceHealth['video'];
  audio: SourceHealth['audio'];
  players: Set<Session>;
  /**
   * For players joining mid-stream: metadata, configs and the current GOP, as packets; they are
   * chunked into RTMP messages only when someone plays (most streams have no RTMP player).
   */
  rtmpMeta: NmsAvPacket | null;
  rtmpVideoConfig: NmsAvPacket | null;
  rtmpAudioConfig: NmsAvPacket | null;
  rtmpGop: NmsAvPacket[];
}

/**
 * The embedded RTMP server. Publishers need a stream key (`rtmp://host:port/live/<name>?key=<key>`,
 * in OBS: Server `rtmp://host:port/live`, Stream Key `<name>?key=<key>`); every refusal is
 * recorded, and an address failing too often is blocked for a while. A published stream becomes
 * the hub source `rtmp_<name>` with camera-like health. Players need a stream key too.
 */
export class RtmpServer extends EventEmitter<{ changed: [RtmpOverview] }> implements Service {
  readonly name = 'rtmp-server';
  private server: net.Server | null = null;
  private tlsServer: tls.Server | null = null;
  /** Bumped whenever the listeners are stopped: a start still under way then gives up. */
  private generation = 0;
  private status: RtmpServerStatus;
  private readonly sessions = new Map<string, Session>();
  private readonly streams = new Map<string, PublishedStream>();
  private readonly rejectionLog: RtmpRejection[] = [];
  private readonly limiter = new FailureLimiter();
  private readonly figuresTimer: NodeJS.Timeout;
  private lastFigures = '';
  private closed = false;

  constructor(
    private config: RtmpServerConfig,
    private readonly keys: StreamKeyService,
    private readonly hub: MediaHub,
    private readonly tickets: MediaTickets,
    private readonly logger: Logger,
  ) {
    super();
    this.status = { state: 'stopped', reason: null, host: config.host, port: null, url: null, tls: tlsOff(config) };
    this.figuresTimer = setInterval(() => this.tick(), FIGURES_INTERVAL_MS);
    this.figuresTimer.unref();
  }

  /** Listens as configured; never throws: a failure is the `error` state with its reason. */
  async start(): Promise<RtmpServerStatus> {
    if (this.closed) return this.status;
    if (!this.config.enabled) {
      this.setStatus({ state: 'disabled', reason: 'disabled in the settings', host: this.config.host, port: null, url: null, tls: tlsOff(this.config) });
      return this.status;
    }
    const { host, port } = this.config;
    this.setStatus({ state: 'starting', reason: null, host, port: null, url: null, tls: tlsOff(this.config) });
    const server = net.createServer({ pauseOnConnect: true }, (socket) => this.accept(socket, true));
    server.maxConnections = MAX_SESSIONS;
    const error = await listen(server, host, port);
    if (error) {
      const reason = listenProblem(error, host, port, 'rtmp.port');
      this.logger.error(`RTMP server not started: ${reason}`);
      server.close();
      this.setStatus({ state: 'error', reason, host, port: null, url: null, tls: tlsOff(this.config) });
      return this.status;
    }
    server.on('error', (err) => this.logger.error('RTMP server error', { error: err }));
    this.server = server;
    const bound = (server.address() as net.AddressInfo).port;
    this.setStatus({ state: 'listening', reason: null, host, port: bound, url: `rtmp://${urlHost(host)}:${bound}/${RTMP_APP}`, tls: tlsOff(this.config) });
    this.logger.info(`RTMP server listening on ${host}:${bound}`);
    await this.startTls();
    return this.status;
  }

  /** The RTMPS listener, when configured: the same session handling behind TLS. Never throws. */
  private async startTls(): Promise<void> {
    const config = this.config.tls;
    if (!config?.enabled || this.closed) return;
    const generation = this.generation;
    const { host } = this.config;
    const setTls = (tlsStatus: RtmpTlsStatus) => this.setStatus({ ...this.status, tls: tlsStatus });
    setTls({ state: 'starting', reason: null, port: null, url: null });
    const fail = (reason: string) => {
      this.logger.error(`RTMPS not started: ${reason}`);
      setTls({ state: 'error', reason, port: null, url: null });
    };
    if (!config.certPath || !config.keyPath) return fail('rtmp.tls.certPath and rtmp.tls.keyPath must name the certificate and key files');
    let cert: Buffer;
    let key: Buffer;
    try {
      cert = await readPem(config.certPath, 'rtmp.tls.certPath');
      key = await readPem(config.keyPath, 'rtmp.tls.keyPath');
    } catch (err) {
      return fail((err as Error).message);
    }
    let server: tls.Server;
    try {
      server = tls.createServer({ cert, key, handshakeTimeout: HANDSHAKE_TIMEOUT_MS }, (socket) => this.accept(socket, false));
    } catch (err) {
      return fail(`the certificate or key is not usable: ${(err as Error).message}`);
    }
    server.maxConnections = MAX_SESSIONS;
    server.on('tlsClientError', (err, socket) => {
      this.logger.debug('RTMPS handshake failed', { address: socket.remoteAddress, error: err.message });
    });
    const error = await listen(server, host, config.port);
    if (error) {
      server.close();
      return fail(listenProblem(error, host, config.port, 'rtmp.tls.port'));
    }
    if (this.closed || this.generation !== generation) {
      server.close();
      return;
    }
    server.on('error', (err) => this.logger.error('RTMPS server error', { error: err }));
    this.tlsServer = server;
    const bound = (server.address() as net.AddressInfo).port;
    setTls({ state: 'listening', reason: null, port: bound, url: `rtmps://${urlHost(host)}:${bound}/${RTMP_APP}` });
    this.logger.info(`RTMPS listening on ${host}:${bound}`);
  }

  /** Applies new settings: restarts the listener when they changed. */
  async reconfigure(config: RtmpServerConfig): Promise<void> {
    const same =
      config.enabled === this.config.enabled &&
      config.host === this.config.host &&
      config.port === this.config.port &&
      JSON.stringify(config.tls ?? null) === JSON.stringify(this.config.tls ?? null);
    this.config = config;
    if (same && this.status.state !== 'error' && this.status.tls.state !== 'error') return;
    await this.stopListening();
    await this.start();
  }

  serverStatus(): RtmpServerStatus {
    return { ...this.status, tls: { ...this.status.tls } };
  }

  overview(): RtmpOverview {
    return { server: this.serverStatus(), sessions: this.listSessions(), streams: this.listStreams(), blocked: this.limiter.blocked() };
  }

  listSessions(): RtmpSessionView[] {
    const now = Date.now();
    return [...this.sessions.values()].map((s) => {
      const stream = s.streamName ? this.streams.get(s.streamName) : undefined;
      const media = s.kind === 'connecting' ? null : stream;
      return {
        id: s.id,
        kind: s.kind,
        remoteAddress: s.address,
        streamName: s.streamName,
        keyId: s.keyId,
        video: media?.video ?? null,
        audio: media?.audio ?? null,
        bitrateKbps: s.bitrateKbps,
        startedAt: new Date(s.startedAt).toISOString(),
        durationSeconds: Math.round((now - s.startedAt) / 1000),
      };
    });
  }

  listStreams(): RtmpStreamView[] {
    return [...this.streams.values()].map((s) => ({
      name: s.name,
      sourceId: rtmpSourceId(s.name),
      kind: 'rtmp' as const,
      publisherSessionId: s.publisher?.id ?? null,
      status: { ...s.health, video: s.video, audio: s.audio, readers: s.hubSource.readerCount },
    }));
  }

  rejections(): RtmpRejection[] {
    return [...this.rejectionLog].reverse();
  }

  blocked(): AddressBlock[] {
    return this.limiter.blocked();
  }

  unblock(address: string): boolean {
    const done = this.limiter.unblock(address);
    this.publish();
    return done;
  }

  kick(id: string): void {
    const session = this.sessions.get(id);
    if (!session) throw new ApiError('not_found', `id: no RTMP session "${id}"`);
    this.logger.info('RTMP session kicked by the operator', { session: id, stream: session.streamName });
    session.socket.destroy();
  }

  /** Ends the sessions that authenticated with this key (it was just revoked). */
  dropKey(keyId: string): void {
    for (const session of this.sessions.values()) if (session.keyId === keyId) session.socket.destroy();
  }

  /** A ticketed path to a published stream's live FLV. */
  preview(name: string): { path: string; expiresAt: string } {
    if (!this.streams.has(name)) throw new ApiError('not_found', `name: no published stream "${name}"`);
    const sourceId = rtmpSourceId(name);
    const { ticket, expiresAt } = this.tickets.issue(sourceId);
    return { path: `/media/live/${sourceId}.flv?ticket=${ticket}`, expiresAt };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.figuresTimer);
    await this.stopListening();
    for (const stream of this.streams.values()) this.hub.remove(rtmpSourceId(stream.name));
    this.streams.clear();
    this.setStatus({ ...this.status, state: 'stopped', reason: 'engine stopped', port: null, url: null, tls: { state: 'stopped', reason: 'engine stopped', port: null, url: null } });
    this.removeAllListeners();
  }

  private async stopListening(): Promise<void> {
    this.generation += 1;
    const servers = [this.server, this.tlsServer].filter((s): s is net.Server => s !== null);
    this.server = null;
    this.tlsServer = null;
    for (const session of this.sessions.values()) session.socket.destroy();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    const tlsStatus: RtmpTlsStatus = this.status.tls.state === 'error' ? this.status.tls : { ...this.status.tls, state: 'stopped', reason: null, port: null, url: null };
    if (this.status.state !== 'error') this.setStatus({ ...this.status, state: 'stopped', reason: null, port: null, url: null, tls: tlsStatus });
  }

  /** A new connection (`plain`: TCP accepted paused, whose reads can go into one reused buffer). */
  private accept(accepted: net.Socket, plain: boolean): void {
    const address = normaliseAddress(accepted.remoteAddress ?? 'unknown');
    if (this.closed || this.limiter.isBlocked(address)) {
      this.reject(address, null, 'connection', 'address blocked after repeated failures', false);
      accepted.destroy();
      return;
    }
    let onChunk: (data: Buffer) => void = () => undefined;
    const socket = (plain && readIntoReusedBuffer(accepted, (chunk) => onChunk(chunk))) || accepted;
    socket.setNoDelay(true);
    const rtmp = new Rtmp();
    const session: Session = {
      id: randomBytes(6).toString('hex'),
      socket,
      rtmp,
      address,
      kind: 'connecting',
      streamName: null,
      keyId: null,
      startedAt: Date.now(),
      bytes: 0,
      lastBytes: 0,
      bitrateKbps: null,
      handshakeTimer: null,
    };
    session.handshakeTimer = setTimeout(() => {
      if (session.kind === 'connecting') {
        this.logger.debug('RTMP connection idle before publish/play; closed', { address });
        socket.destroy();
      }
    }, HANDSHAKE_TIMEOUT_MS);
    session.handshakeTimer.unref();
    this.sessions.set(session.id, session);
    rtmp.onOutputCallback = (buffer) => {
      if (!socket.destroyed) socket.write(buffer);
    };
    rtmp.onPublish = (invoke) => this.onPublish(session, invoke.streamName);
    rtmp.onPlay = (invoke) => this.onPlay(session, invoke.streamName);
    rtmp.onPacketCallback = (packet) => this.onPacket(session, packet);
    refuseOversizedData(rtmp, MAX_METADATA_BYTES);
    onChunk = (data: Buffer) => {
      session.bytes += data.length;
      let error: string | null | undefined;
      try {
        error = rtmp.parserData(data);
      } catch (err) {
        if (err instanceof OversizedDataError) {
          // Real encoders send a few hundred bytes of metadata: this client is refused, everyone else goes on.
          this.reject(address, session.streamName, session.kind === 'player' ? 'play' : 'publish', err.message, false);
          socket.destroy();
          return;
        }
        error = err instanceof Error ? err.message : String(err);
      }
      if (error) {
        this.logger.warn('RTMP protocol error; session closed', { session: session.id, address, error });
        socket.destroy();
      }
    };
    // Accepted paused (pauseOnConnect): where the handle could not be taken, reads start here.
    if (socket === accepted) socket.on('data', onChunk).resume();
    socket.on('error', () => undefined);
    socket.on('close', () => this.onClose(session));
  }

  private parseRequest(session: Session, raw: string): { name: string; key: string | null } | null {
    const [name = '', query = ''] = String(raw).split('?', 2);
    const problem = streamNameProblem(session.rtmp.streamApp, name);
    if (problem) {
      this.reject(session.address, name.slice(0, 64), session.kind === 'connecting' ? 'publish' : 'play', problem, true);
      return null;
    }
    const key = querystring.parse(query).key;
    return { name, key: typeof key === 'string' ? key : null };
  }

  private onPublish(session: Session, raw: string): void {
    const rtmp = session.rtmp;
    rtmp.streamId = rtmp.parserPacket.header.stream_id;
    const request = this.parseRequest(session, raw);
    if (!request) return this.refuse(session, 'NetStream.Publish.BadName', 'invalid stream name');
    const check = this.keys.check(request.key);
    if (!check.ok) {
      this.reject(session.address, request.name, 'publish', check.reason, true);
      return this.refuse(session, 'NetStream.Publish.Unauthorized', check.reason);
    }
    const existing = this.streams.get(request.name);
    if (existing?.publisher) {
      this.reject(session.address, request.name, 'publish', 'the stream already has a publisher', false);
      return this.refuse(session, 'NetStream.Publish.BadName', 'stream already publishing');
    }
    session.kind = 'publisher';
    session.streamName = request.name;
    session.keyId = check.key.id;
    this.keys.markUsed(check.key.id);
    const stream = existing ?? this.newStream(request.name);
    stream.publisher = session;
    stream.write = stream.hubSource.beginTagStream(true, true);
    stream.frames = 0;
    stream.rtmpMeta = stream.rtmpVideoConfig = stream.rtmpAudioConfig = null;
    stream.rtmpGop = [];
    stream.health = { ...blankHealth('connecting', 'waiting for the first frame'), restarts: stream.health.restarts };
    rtmp.respondPublish();
    this.logger.info('RTMP publish started', { session: session.id, stream: request.name, address: session.address, keyName: check.key.name });
    this.publish();
  }

  private onPlay(session: Session, raw: string): void {
    const rtmp = session.rtmp;
    rtmp.streamId = rtmp.parserPacket.header.stream_id;
    const request = this.parseRequest(session, raw);
    if (!request) return this.refuse(session, 'NetStream.Play.StreamNotFound', 'invalid stream name');
    const check = this.keys.check(request.key);
    if (!check.ok) {
      this.reject(session.address, request.name, 'play', check.reason, true);
      return this.refuse(session, 'NetStream.Play.Failed', check.reason);
    }
    const stream = this.streams.get(request.name);
    if (!stream) {
      this.reject(session.address, request.name, 'play', 'no such stream', false);
      return this.refuse(session, 'NetStream.Play.StreamNotFound', 'no such stream');
    }
    session.kind = 'player';
    session.streamName = request.name;
    session.keyId = check.key.id;
    rtmp.respondPlay();
    for (const packet of [stream.rtmpMeta, stream.rtmpAudioConfig, stream.rtmpVideoConfig, ...stream.rtmpGop]) {
      if (packet) session.socket.write(Rtmp.createMessage(packet));
    }
    stream.players.add(session);
    this.logger.info('RTMP play started', { session: session.id, stream: request.name, address: session.address });
    this.publish();
  }

  private refuse(session: Session, code: string, description: string): void {
    session.rtmp.sendStatusMessage(session.rtmp.streamId, 'error', code, description);
    session.socket.end();
    setTimeout(() => session.socket.destroy(), 1_000).unref();
  }

  private reject(address: string, streamName: string | null, kind: RtmpRejection['kind'], reason: string, counts: boolean): void {
    this.rejectionLog.push({ at: new Date().toISOString(), remoteAddress: address, streamName, kind, reason });
    if (this.rejectionLog.length > MAX_REJECTIONS) this.rejectionLog.shift();
    this.logger.warn(`RTMP ${kind} refused: ${reason}`, { address, stream: streamName });
    if (counts && this.limiter.fail(address)) this.logger.warn('RTMP address blocked after repeated failures', { address });
    this.publish();
  }

  private newStream(name: string): PublishedStream {
    const stream: PublishedStream = {
      name,
      hubSource: this.hub.source(rtmpSourceId(name)),
      publisher: null,
      write: null,
      health: blankHealth('offline', 'not published'),
      frames: 0,
      video: null,
      audio: null,
      players: new Set(),
      rtmpMeta: null,
      rtmpVideoConfig: null,
      rtmpAudioConfig: null,
      rtmpGop: [],
    };
    this.streams.set(name, stream);
    return stream;
  }

  private onPacket(session: Session, received: NmsAvPacket): void {
    if (session.kind !== 'publisher' || !session.streamName) return;
    const stream = this.streams.get(session.streamName);
    if (!stream || stream.publisher !== session || !stream.write) return;
    // The parser reuses its payload buffer for the next message: keep a copy (the only one made).
    let packet: NmsAvPacket = { ...received, data: Buffer.from(received.data.subarray(0, received.size)) };
    if (packet.codec_type === 18) {
      packet = withoutSetDataFrame(packet);
      this.readMetadata(stream, packet.data);
    } else if (packet.codec_type === 9) {
      stream.video ??= { codec: VIDEO_CODECS[packet.codec_id] ?? `flv-${packet.codec_id}`, width: null, height: null };
      if (packet.flags !== 2) this.onFrame(stream);
    } else if (packet.codec_type === 8) {
      stream.audio ??= { codec: AUDIO_CODECS[packet.codec_id] ?? `flv-${packet.codec_id}` };
    } else {
      return;
    }
    stream.write({
      type: packet.codec_type,
      timestamp: packet.dts,
      data: packet.data,
      isKeyframe: packet.flags === 3,
      isSequenceHeader: packet.flags === 0 || packet.flags === 2,
    });
    this.feedPlayers(stream, packet);
  }

  private feedPlayers(stream: PublishedStream, packet: NmsAvPacket): void {
    switch (packet.flags) {
      case 0:
        stream.rtmpAudioConfig = packet;
        break;
      case 2:
        stream.rtmpVideoConfig = packet;
        break;
      case 3:
        stream.rtmpGop = [packet];
        break;
      case 5:
        stream.rtmpMeta = packet;
        break;
      default:
        if (stream.rtmpGop.length > 0 && stream.rtmpGop.length < 4096) stream.rtmpGop.push(packet);
    }
    if (stream.players.size === 0) return;
    const message = Rtmp.createMessage(packet);
    for (const player of stream.players) {
      if (player.socket.writableLength > 8 * 1024 * 1024) {
        player.socket.destroy();
        continue;
      }
      player.socket.write(message);
    }
  }

  private readMetadata(stream: PublishedStream, data: Buffer): void {
    // Width and height are AMF0 numbers after their names; read them without a full AMF decode.
    const number = (field: string): number | null => {
      const at = data.indexOf(Buffer.from(`${String.fromCharCode(0, field.length)}${field}\u0000`, 'latin1'));
      if (at < 0 || at + 3 + field.length + 8 > data.length) return null;
      const value = data.readDoubleBE(at + 2 + field.length + 1);
      return Number.isFinite(value) && value > 0 && value < 100_000 ? Math.round(value) : null;
    };
    const width = number('width');
    const height = number('height');
    if (width && height) stream.video = { codec: stream.video?.codec ?? 'h264', width, height };
  }

  private onFrame(stream: PublishedStream): void {
    stream.frames += 1;
    if (stream.health.state !== 'live') {
      const now = new Date().toISOString();
      stream.health = { ...stream.health, state: 'live', reason: null, since: now, liveSince: now };
      this.publish();
    }
  }

  private onClose(session: Session): void {
    if (session.handshakeTimer) clearTimeout(session.handshakeTimer);
    this.sessions.delete(session.id);
    const stream = session.streamName ? this.streams.get(session.streamName) : undefined;
    if (stream && session.kind === 'player') stream.players.delete(session);
    if (stream && stream.publisher === session) {
      stream.publisher = null;
      stream.write = null;
      stream.health = { ...blankHealth('offline', 'the publisher disconnected'), restarts: stream.health.restarts + 1 };
      for (const player of stream.players) player.socket.destroy();
      this.logger.info('RTMP publish ended', { session: session.id, stream: stream.name });
    }
    this.publish();
  }

  private tick(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) {
      session.bitrateKbps = session.kind === 'connecting' ? null : Math.round(((session.bytes - session.lastBytes) * 8) / FIGURES_INTERVAL_MS);
      session.lastBytes = session.bytes;
    }
    for (const stream of this.streams.values()) {
      if (!stream.publisher) continue;
      const fps = (stream.frames * 1000) / FIGURES_INTERVAL_MS;
      stream.frames = 0;
      const lastFrameAt = stream.hubSource.lastFrameAt;
      const stalled = stream.health.state === 'live' && (lastFrameAt === null || now - lastFrameAt > STALL_AFTER_MS);
      stream.health = {
        ...stream.health,
        ...(stalled ? { state: 'stalled' as const, reason: 'no frames from the publisher', since: new Date().toISOString() } : {}),
        fps: Math.round(fps * 10) / 10,
        bitrateKbps: stream.publisher.bitrateKbps,
        lastFrameAt: lastFrameAt ? new Date(lastFrameAt).toISOString() : null,
      };
    }
    this.limiter.prune(now);
    const key = JSON.stringify([this.listSessions().map((s) => [s.id, s.bitrateKbps]), this.listStreams().map((s) => [s.name, s.status.state, s.status.fps, s.status.readers])]);
    if (key !== this.lastFigures) {
      this.lastFigures = key;
      this.emit('changed', this.overview());
    }
  }

  private setStatus(status: RtmpServerStatus): void {
    this.status = status;
    this.publish();
  }

  private publish(): void {
    if (this.listenerCount('changed') > 0) this.emit('changed', this.overview());
  }
}

/** `@setDataFrame onMetaData {…}` (RTMP) → `onMetaData {…}` (what an FLV file carries). */
const SET_DATA_FRAME = Buffer.from([0x02, 0x00, 0x0d, ...Buffer.from('@setDataFrame', 'latin1')]);
function withoutSetDataFrame(packet: NmsAvPacket): NmsAvPacket {
  const data = packet.data.subarray(0, packet.size);
  if (!data.subarray(0, SET_DATA_FRAME.length).equals(SET_DATA_FRAME)) return packet;
  const rest = data.subarray(SET_DATA_FRAME.length);
  return { ...packet, data: rest, size: rest.length };
}

function tlsOff(config: RtmpServerConfig): RtmpTlsStatus {
  return config.tls?.enabled
    ? { state: 'stopped', reason: config.enabled ? null : 'RTMP is disabled in the settings', port: null, url: null }
    : { state: 'disabled', reason: 'no certificate configured (rtmp.tls.enabled is off)', port: null, url: null };
}

function listen(server: net.Server, host: string, port: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    server.once('error', resolve);
    server.listen({ host, port }, () => resolve(null));
  });
}

function listenProblem(error: NodeJS.ErrnoException, host: string, port: number, setting: string): string {
  return error.code === 'EADDRINUSE'
    ? `port ${host}:${port} is already in use (another RTMP server?); choose another ${setting}`
    : error.code === 'EADDRNOTAVAIL'
      ? `address ${host} is not available on this machine`
      : error.code === 'EACCES'
        ? `not allowed to listen on ${host}:${port}`
        : `cannot listen on ${host}:${port}: ${error.message}`;
}

/** A PEM file, checked: it must exist, be readable and look like PEM. Throws with a reason naming the setting. */
async function readPem(file: string, setting: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : code === 'EISDIR' ? 'is a folder' : (err as Error).message;
    throw new Error(`${setting}: ${file} ${why}`);
  }
  if (!data.includes('-----BEGIN ')) throw new Error(`${setting}: ${file} is not a PEM file`);
  return data;
}

function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
