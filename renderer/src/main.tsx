import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { CustomerScreen } from './CustomerScreen';
import { I18nProvider } from './i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The same page serves the customer's window on a second screen (main opens it with #customer).
const customer = window.location.hash === '#customer';
createRoot(root).render(
  <StrictMode>
    <I18nProvider>{customer ? <CustomerScreen /> : <App />}</I18nProvider>
  </StrictMode>,
);
