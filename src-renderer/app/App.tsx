import type { ApiClient } from '../api/api-client';
import { ApiClientContext } from '../hooks/api-context';
import { MediaBaseProvider } from '../hooks/media-base-context';
import { SettingsProvider } from '../hooks/settings-context';
import { AppShell } from './AppShell';
import { AuthGate } from './AuthGate';

export function App({ client }: { client: ApiClient }) {
  return (
    <ApiClientContext.Provider value={client}>
      <AuthGate>
        <SettingsProvider>
          <MediaBaseProvider>
            <AppShell />
          </MediaBaseProvider>
        </SettingsProvider>
      </AuthGate>
    </ApiClientContext.Provider>
  );
}
