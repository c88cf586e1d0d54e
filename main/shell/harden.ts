// App-wide web-contents rules: no navigation away from our page, no new windows, no webviews,
// permissions denied except the camera.
import type { App, Session, WebContents } from 'electron';
import { isPermissionAllowed } from './window-options';

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details as { mediaTypes?: string[] }));
  });
  // Checks (as opposed to requests) name one media type at a time: only the camera passes.
  session.setPermissionCheckHandler(
    (_contents, permission, _origin, details) =>
      permission === 'media' && (details as { mediaType?: string }).mediaType === 'video',
  );
}

export function hardenWebContents(app: Pick<App, 'on'>, rendererUrl: () => string): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (url !== rendererUrl()) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
