import { useEffect, useState } from 'react';
import type { ConnectionState } from '../api/api-client';
import { useConnectionState } from '../hooks/use-connection-state';

export type StatusLevel = 'ok' | 'warn' | 'error' | 'idle';

/** After this long without the engine, "Reconnecting…" turns into a red "Disconnected". */
const LONG_OUTAGE_MS = 15_000;

export function ConnectionIndicator() {
  const state = useConnectionState();
  const longOutage = useLongOutage(state);
  const { level, label, title } = describe(state, longOutage);
  return (
    <span className="status-item connection" data-testid="status-connection" data-state={state} title={title}>
      <span className={`status-dot ${level}`} aria-hidden="true" />
      {label}
    </span>
  );
}

function describe(state: ConnectionState, longOutage: boolean): { level: StatusLevel; label: string; title: string } {
  switch (state) {
    case 'connected':
      return { level: 'ok', label: 'Connected', title: 'Connected to the engine' };
    case 'connecting':
      return { level: 'warn', label: 'Connecting…', title: 'Connecting to the engine' };
    case 'reconnecting':
      return longOutage
        ? { level: 'error', label: 'Disconnected', title: 'The engine is unreachable; still retrying every few seconds' }
        : { level: 'warn', label: 'Reconnecting…', title: 'Lost the engine; retrying' };
    case 'unauthorized':
      return { level: 'error', label: 'Disconnected', title: 'Not signed in: the engine needs its access token' };
  }
}

function useLongOutage(state: ConnectionState): boolean {
  const [longOutage, setLongOutage] = useState(false);
  useEffect(() => {
    setLongOutage(false);
    if (state !== 'reconnecting') return;
    const timer = setTimeout(() => setLongOutage(true), LONG_OUTAGE_MS);
    return () => clearTimeout(timer);
  }, [state]);
  return longOutage;
}
