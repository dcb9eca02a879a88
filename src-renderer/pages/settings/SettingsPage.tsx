import type { RouteInfo } from '../../app/routes';
import { PageHeader } from '../../components/PageHeader';
import { MediaProcessesPanel } from './MediaProcessesPanel';
import { SettingsForm } from './SettingsForm';
import { SystemInfoPanel } from './SystemInfoPanel';

export function SettingsPage({ route }: { route: RouteInfo }) {
  return (
    <>
      <PageHeader route={route}>
        <p className="page-subtitle">Stored by the engine and shared by every window and browser connected to it.</p>
      </PageHeader>
      <div className="settings-layout">
        <SettingsForm />
        <div className="column-stack">
          <SystemInfoPanel />
          <MediaProcessesPanel />
        </div>
      </div>
    </>
  );
}
