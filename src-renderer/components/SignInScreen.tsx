import { useState, type FormEvent } from 'react';
import { Brand } from './Brand';

export type SignInReason = 'missing' | 'rejected';

interface SignInScreenProps {
  reason: SignInReason;
  busy: boolean;
  onSubmit(token: string): void;
}

/** Asks for the engine's access token when there is none, or the engine refused it. */
export function SignInScreen({ reason, busy, onSubmit }: SignInScreenProps) {
  const [token, setToken] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed !== '') onSubmit(trimmed);
  }

  return (
    <div className="sign-in-screen">
      <form className="sign-in-card" onSubmit={submit} data-testid="sign-in" noValidate>
        <Brand />
        <h1>Sign in to the engine</h1>
        {reason === 'rejected' && !busy ? (
          <p className="form-error" role="alert" data-testid="sign-in-rejected">
            The engine rejected that access token.
          </p>
        ) : (
          <p>This engine needs its access token.</p>
        )}
        <label className="field">
          <span className="field-label">Access token</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={token}
            onChange={(e) => setToken(e.target.value)}
            data-testid="sign-in-token"
          />
        </label>
        <p className="field-help">
          <code>npm run serve</code> prints it (inside the link to open) when the engine starts. It is also stored in
          the <code>api-token</code> file in the engine&apos;s data directory.
        </p>
        <button type="submit" className="button primary" disabled={busy || token.trim() === ''} data-testid="sign-in-submit">
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </form>
    </div>
  );
}
