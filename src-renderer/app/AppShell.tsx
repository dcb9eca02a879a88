import { DisconnectedBanner } from '../components/DisconnectedBanner';
import { PlaceholderPage } from '../components/PlaceholderPage';
import { SideNav } from '../components/SideNav';
import { StatusBar } from '../components/StatusBar';
import { useConnectionState } from '../hooks/use-connection-state';
import { useHashRoute } from '../hooks/use-hash-route';
import { CamerasPage } from '../pages/cameras/CamerasPage';
import { RtmpPage } from '../pages/rtmp/RtmpPage';
import { ObsPage } from '../pages/obs/ObsPage';
import { ProgramPage } from '../pages/program/ProgramPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { findRoute, type RouteId } from './routes';
import { useThemeFromSettings } from './theme';

/** Navigation, the current page, the disconnected banner and the status bar. */
export function AppShell() {
  const route = useHashRoute();
  const connection = useConnectionState();
  useThemeFromSettings();

  return (
    <div className="app-shell">
      {connection === 'reconnecting' && <DisconnectedBanner />}
      <div className="app-body">
        <SideNav current={route} />
        <main className="page-area">
          {/* A disabled fieldset disables every control of the page while the engine is away. */}
          <fieldset className="page-controls" disabled={connection !== 'connected'}>
            <Page route={route} />
          </fieldset>
        </main>
      </div>
      <StatusBar />
    </div>
  );
}

function Page({ route }: { route: RouteId }) {
  const info = findRoute(route);
  if (!info) return null;
  if (route === 'settings') return <SettingsPage route={info} />;
  if (route === 'cameras') return <CamerasPage route={info} />;
  if (route === 'rtmp') return <RtmpPage route={info} />;
  if (route === 'obs') return <ObsPage route={info} />;
  if (route === 'program') return <ProgramPage route={info} />;
  return <PlaceholderPage route={info} />;
}
