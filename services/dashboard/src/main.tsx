import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { setUpI18n } from './i18n/index.js';
import './styles/tokens.css';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
await setUpI18n();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
