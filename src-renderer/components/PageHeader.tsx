import type { ReactNode } from 'react';
import type { RouteInfo } from '../app/routes';

interface PageHeaderProps {
  route: RouteInfo;
  /** Under the title: a subtitle or summary. */
  children?: ReactNode;
  /** Buttons on the right of the title. */
  actions?: ReactNode;
}

export function PageHeader({ route, children, actions }: PageHeaderProps) {
  return (
    <header className={actions ? 'page-header with-actions' : 'page-header'}>
      <div className="page-heading">
        <h1 data-testid={`page-${route.id}`}>{route.label}</h1>
        {children}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
