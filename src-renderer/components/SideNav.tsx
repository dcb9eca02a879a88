import { ROUTES, type RouteId } from '../app/routes';
import { hrefFor } from '../hooks/use-hash-route';
import { Brand } from './Brand';
import { NavIcon } from './NavIcon';

export function SideNav({ current }: { current: RouteId }) {
  return (
    <nav className="side-nav" aria-label="Main">
      <Brand />
      <ul className="nav-list">
        {ROUTES.map((route) => (
          <li key={route.id}>
            <a
              href={hrefFor(route.id)}
              className={route.id === current ? 'nav-link active' : 'nav-link'}
              aria-current={route.id === current ? 'page' : undefined}
              data-testid={`nav-${route.id}`}
            >
              <NavIcon route={route.id} />
              <span>{route.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
