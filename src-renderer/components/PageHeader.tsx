import type { ReactNode } from 'react';
import type { RouteInfo } from '../app/routes';

export function PageHeader({ route, children }: { route: RouteInfo; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1 data-testid={`page-${route.id}`}>{route.label}</h1>
      {children}
    </header>
  );
}
