// Must stay the first import: it configures zod before the contract's schemas are built.
import './zod-config.js';
// Before any component: the features' stylesheets build on the base and come after it.
import './base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ClientContext, createClient } from './api/transport.js';
import { initTheme } from './features/theme/theme.js';

initTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const meshdeck = createClient();

createRoot(root).render(
  <StrictMode>
    <ClientContext value={meshdeck}>
      <App />
    </ClientContext>
  </StrictMode>,
);
