import { useSyncExternalStore } from 'react';
import type { ConnectionState } from '../api/api-client';
import { useApiClient } from './api-context';

export function useConnectionState(): ConnectionState {
  const { connection } = useApiClient();
  return useSyncExternalStore(connection.subscribe, connection.get);
}

export function useIsConnected(): boolean {
  return useConnectionState() === 'connected';
}
