import { useEffect, useRef, useState } from 'react';
import type { CameraView, HlsPlaylist } from '../../../src-main/api/contract';
import { errorMessage } from '../../api/api-client-error';
import { formatClockTime } from '../../app/format';
import { useApiClient } from '../../hooks/api-context';
import { useMediaBase } from '../../hooks/media-base-context';
import { httpMediaUrl } from '../../media/media-url';

type LinkState = { kind: 'asking' } | { kind: 'ready'; url: string; answer: HlsPlaylist } | { kind: 'failed'; problem: string };

/**
 * The camera as HLS for external players (VLC, a set-top box, another site): asking for the
 * link starts the engine's HLS writer; the full address can be copied.
 */
export function HlsPanel({ camera }: { camera: CameraView }) {
  const client = useApiClient();
  const baseUrl = useMediaBase().url;
  const [attempt, setAttempt] = useState(0);
  const [link, setLink] = useState<LinkState>({ kind: 'asking' });
  const [copied, setCopied] = useState<'copied' | 'select' | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    let current = true;
    setLink({ kind: 'asking' });
    setCopied(null);
    if (!baseUrl) {
      setLink({ kind: 'failed', problem: 'The engine did not say where it serves media.' });
      return;
    }
    client.call('cameras.hls', { id: camera.id }).then(
      (answer) => current && setLink({ kind: 'ready', url: httpMediaUrl(baseUrl, answer.path), answer }),
      (error: unknown) => current && setLink({ kind: 'failed', problem: errorMessage(error).replace(/^id: /, '') }),
    );
    return () => {
      current = false;
    };
  }, [client, baseUrl, camera.id, attempt]);

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('copied');
    } catch {
      // No clipboard access (an http:// page on another host): select it for Ctrl+C.
      input.current?.focus();
      input.current?.select();
      setCopied('select');
    }
  }

  return (
    <div className="hls-panel">
      {link.kind === 'asking' && (
        <p className="muted" data-testid="hls-asking">
          <span className="spinner inline" aria-hidden="true" /> Starting HLS for {camera.name}…
        </p>
      )}
      {link.kind === 'failed' && (
        <p className="form-error" role="alert" data-testid="hls-problem">
          No HLS link: {link.problem}
        </p>
      )}
      {link.kind === 'ready' && (
        <>
          <textarea
            ref={input}
            className="mono copy-input"
            value={link.url}
            readOnly
            rows={3}
            spellCheck={false}
            aria-label="HLS playlist address"
            onFocus={(e) => e.currentTarget.select()}
            data-testid="hls-url"
          />
          {copied === 'select' && <p className="field-help">Press Ctrl+C to copy the selected address.</p>}
          <p className="hls-note" data-testid="hls-note">
            {link.answer.ready ? 'Ready to play' : 'Starting: players retry until the first segment is written'} · works for an hour (until{' '}
            {formatClockTime(link.answer.expiresAt)}). The stream stops a minute after the last player leaves; ask for the link again
            after that.
          </p>
        </>
      )}
      <div className="popover-actions">
        <button type="button" className="button small" onClick={() => setAttempt((a) => a + 1)} disabled={link.kind === 'asking'} data-testid="hls-again">
          New link
        </button>
        <span className="header-spacer" />
        {link.kind === 'ready' && (
          <button type="button" className="button small primary" onClick={() => void copy(link.url)} data-testid="hls-copy">
            {copied === 'copied' ? 'Copied' : 'Copy address'}
          </button>
        )}
      </div>
    </div>
  );
}
