import { useState } from 'react';
import type { RtmpSessionView } from '../../../src-main/api/contract';
import { formatDuration } from '../../app/format';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApiClient } from '../../hooks/api-context';
import { formatBitrate, formatCodec } from '../cameras/camera-format';

const KIND_LABELS: Record<RtmpSessionView['kind'], string> = { publisher: 'Publisher', player: 'Player', connecting: 'Connecting' };

/** Who is connected now: publishers and players, with a kick that asks first. */
export function SessionsCard({ sessions }: { sessions: RtmpSessionView[] | undefined }) {
  const client = useApiClient();
  const [kicking, setKicking] = useState<RtmpSessionView | null>(null);

  return (
    <section className="card rtmp-card" aria-labelledby="rtmp-sessions-title" data-testid="rtmp-sessions">
      <h2 id="rtmp-sessions-title">Sessions</h2>
      {sessions && sessions.length === 0 && <p className="muted" data-testid="rtmp-sessions-empty">Nobody is connected.</p>}
      {sessions && sessions.length > 0 && (
        <table className="process-table rtmp-table">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Address</th>
              <th>Stream</th>
              <th>Codecs</th>
              <th>Resolution</th>
              <th className="num">Bitrate</th>
              <th className="num">Duration</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-testid="rtmp-session-row" data-kind={s.kind} data-stream={s.streamName ?? ''}>
                <td>
                  <span className={`state-badge ${s.kind === 'publisher' ? 'ok' : s.kind === 'player' ? 'idle' : 'warn'}`}>{KIND_LABELS[s.kind]}</span>
                </td>
                <td className="mono">{s.remoteAddress}</td>
                <td className="rtmp-strong">{s.streamName ?? '—'}</td>
                <td>{[formatCodec(s.video?.codec), formatCodec(s.audio?.codec)].filter(Boolean).join(' + ') || '—'}</td>
                <td>{s.video?.width && s.video.height ? `${s.video.width}×${s.video.height}` : '—'}</td>
                <td className="num">{formatBitrate(s.bitrateKbps) ?? '—'}</td>
                <td className="num">{formatDuration(s.durationSeconds)}</td>
                <td className="num">
                  <button type="button" className="button small danger-outline" onClick={() => setKicking(s)} data-testid="rtmp-session-kick">
                    Kick…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {kicking && (
        <ConfirmDialog
          title={`Disconnect ${kicking.kind === 'publisher' ? 'the publisher' : 'this session'}?`}
          confirmLabel="Kick"
          busyLabel="Kicking…"
          onCancel={() => setKicking(null)}
          onConfirm={async () => {
            await client.call('rtmp.kick', { id: kicking.id });
            setKicking(null);
          }}
        >
          <p>
            {kicking.remoteAddress}
            {kicking.streamName ? ` on “${kicking.streamName}”` : ''} is disconnected now. Its encoder may reconnect with the same key; revoke the key
            to keep it out.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
