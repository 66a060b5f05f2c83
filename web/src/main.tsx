/** Entry point: sign in with Keycloak first (the console has no public page), then render the console. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startKeycloakSession } from './providers/keycloak';
import { storedLocale } from './providers/store';

const root = createRoot(document.getElementById('root')!);

startKeycloakSession({ locale: storedLocale() }).then(
  (keycloak) =>
    root.render(
      <StrictMode>
        <App keycloak={keycloak} />
      </StrictMode>,
    ),
  (error: unknown) => {
    // Nothing else is loaded yet (no language choice): say it in both languages.
    console.error(error);
    root.render(
      <main style={{ fontFamily: 'sans-serif', padding: 32 }}>
        <h1>通拍无法启动 · Tongpai cannot start</h1>
        <p>
          无法连接服务或登录服务器，请稍后刷新页面。 The API or the sign-in server cannot be reached: reload
          the page in a moment.
        </p>
        <pre>{error instanceof Error ? error.message : String(error)}</pre>
      </main>,
    );
  },
);
