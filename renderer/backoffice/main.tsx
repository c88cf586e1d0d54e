import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../src/i18n';
import { BackOffice } from './BackOffice';
import './backoffice.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <BackOffice />
    </I18nProvider>
  </StrictMode>,
);
