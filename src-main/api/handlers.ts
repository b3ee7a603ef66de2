// The whole handler table: each module's part, joined. A method missing from every part, or a
// handler whose input or answer does not match the contract, is a type error here.
import { AttachmentService } from '../attachments/service.js';
import { attachmentHandlers } from '../attachments/handlers.js';
import { backupHandlers } from '../backup/handlers.js';
import type { Core } from '../core.js';
import { desktopHandlers } from '../desktop/handlers.js';
import { importHandlers } from '../importing/handlers.js';
import { registerHandlers } from '../registers/handlers.js';
import { reportHandlers } from '../reports/handlers.js';
import type { PdfPrinter } from '../reports/pdfPrinter.js';
import { syncHandlers } from '../sync/handlers.js';
import { distributionHandlers } from '../distribution/handlers.js';
import { userHandlers } from '../users/handlers.js';
import type { Handlers } from './handlerTypes.js';

export type { Handler, Handlers, HandlerPart } from './handlerTypes.js';

type Joined<P extends readonly object[]> = P extends readonly [infer H, ...infer R extends readonly object[]] ? H & Joined<R> : unknown;

/**
 * Joins the modules' parts. Spreading them would let a method defined in two modules silently
 * take the later one; the type system cannot see that, so it fails here, at every start.
 */
export function joinParts<P extends readonly object[]>(...parts: P): Joined<P> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [name, handler] of Object.entries(part)) {
      if (name in out) throw new Error(`API method ${name} is defined by two modules`);
      out[name] = handler;
    }
  }
  return out as Joined<P>;
}

export function createHandlers(core: Core, options: { printer?: PdfPrinter } = {}): Handlers {
  // One attachment service: uploads staged through it are what entries.create/update take in.
  const files = new AttachmentService({ dataDir: core.dataDir, store: core.store, now: core.now });
  return joinParts(
    registerHandlers(core, files),
    attachmentHandlers(core, files),
    reportHandlers(core, options),
    userHandlers(core),
    backupHandlers(core),
    syncHandlers(core),
    desktopHandlers(core),
    distributionHandlers(core, files),
    importHandlers(core),
  ) satisfies Handlers;
}
