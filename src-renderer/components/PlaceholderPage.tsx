import type { RouteInfo } from '../app/routes';
import { NavIcon } from './NavIcon';
import { PageHeader } from './PageHeader';

/** A page whose feature is still to come: says what it will hold. */
export function PlaceholderPage({ route }: { route: RouteInfo }) {
  return (
    <>
      <PageHeader route={route} />
      <section className="placeholder" data-testid={`placeholder-${route.id}`}>
        <NavIcon route={route.id} />
        <p className="placeholder-summary">{route.upcoming?.summary}</p>
        <p className="placeholder-detail">{route.upcoming?.detail}</p>
      </section>
    </>
  );
}
