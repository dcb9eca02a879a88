import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/create-api-client';
import { App } from './app/App';
import { applyRememberedTheme } from './app/theme';
import './styles.css';

applyRememberedTheme();

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

const client = createApiClient();
createRoot(rootElement).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
