// Which IPC calls the main process answers. Electron's senderFrame.url keeps the renderer's
// "#/register/incoming" route (and any ?query), so the frame URL is compared without them;
// scheme, host and path must be exactly the app's own entry page.
import { APP_ENTRY_URL } from './appProtocol.js';

/** The address without its #fragment and ?query; null when it is not a URL at all. */
export function documentAddress(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return null;
  }
}

export function isAppDocument(url: string): boolean {
  return documentAddress(url) === APP_ENTRY_URL;
}

export interface SenderFacts {
  /** webContents.id of the calling page. */
  senderId: number;
  /** webContents.id of the app's main window; null before it exists or after it closed. */
  mainWindowId: number | null;
  /** The calling frame; null when Electron no longer knows it (navigated away, destroyed). */
  frame: { url: string; isMainFrame: boolean } | null;
}

/** Only the top frame of our own main window, showing our own page, may call the API. */
export function isTrustedSender({ senderId, mainWindowId, frame }: SenderFacts): boolean {
  if (mainWindowId === null || senderId !== mainWindowId) return false;
  if (!frame || !frame.isMainFrame) return false;
  return isAppDocument(frame.url);
}
