import '@fontsource/sarabun/400.css';
import '@fontsource/sarabun/700.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { IdleLock } from './features/auth/IdleLock.js';
import { RecoveryGate } from './features/auth/RecoveryGate.js';
import './styles.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    {/* A damaged register shows the recovery screen instead of the app (features/auth/). */}
    <RecoveryGate>
      <IdleLock />
      <App />
    </RecoveryGate>
  </StrictMode>,
);
