import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DeveloperApp } from './dev/DeveloperApp.tsx';
import { LanguageProvider } from './i18n/index.tsx';
import { OperatorApp } from './ops/OperatorApp.tsx';
import './styles.css';

/** One page serves both consoles: /console/dev/ is the developers', /console/ the operators'. */
const isDeveloperConsole = window.location.pathname.startsWith('/console/dev');
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LanguageProvider>{isDeveloperConsole ? <DeveloperApp /> : <OperatorApp />}</LanguageProvider>
    </StrictMode>,
  );
}
