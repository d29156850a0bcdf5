import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startApp } from './app/startApp';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';

const { services, store, i18n } = startApp();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App services={services} store={store} i18n={i18n} />
  </StrictMode>,
);
