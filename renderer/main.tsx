// Must stay the first import: it configures zod before the contract's schemas are built.
import './zod-config.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ClientContext, createClient } from './api/transport.js';
import { initTheme } from './features/theme/theme.js';
import './styles.css';

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
