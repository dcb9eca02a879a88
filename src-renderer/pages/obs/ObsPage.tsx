import { PlaceholderPage } from '../../components/PlaceholderPage';
import type { RouteInfo } from '../../app/routes';

export function ObsPage({ route }: { route: RouteInfo }) {
  return <PlaceholderPage route={route} />;
}
