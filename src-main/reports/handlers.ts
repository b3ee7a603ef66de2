// The reports' part of the API: print settings, report jobs (render -> status -> download) and
// finding an entry by the code on its stamp.
import type { HandlerPart } from '../api/handlerTypes.js';
import type { Core } from '../core.js';
import { LazyChromiumPrinter } from './lazyPrinter.js';
import type { PdfPrinter } from './pdfPrinter.js';
import { findEntryByCode, getPrintSettings, savePrintSettings } from './reportData.js';
import { ReportJobs } from './reportJobs.js';

/** printer: Electron passes its own; elsewhere headless Chromium, launched on first use. */
export function reportHandlers(core: Core, options: { printer?: PdfPrinter } = {}) {
  const { store } = core;
  const injected = options.printer ?? core.printer;
  const printer = injected ?? new LazyChromiumPrinter();
  const reports = new ReportJobs(core, printer);
  // The headless Chromium made here closes with the register; Electron's printer is the app's.
  if (!injected) core.onClose(() => void printer.close().catch(() => undefined));
  return {
    'reports.getSettings': () => getPrintSettings(store),
    'reports.saveSettings': (input) => savePrintSettings(store, input),
    'reports.render': (input) => reports.start(input),
    'reports.status': (input) => reports.status(input.jobId),
    'reports.download': (input) => reports.result(input.jobId),
    'entries.findByCode': (input) => ({ match: findEntryByCode(store, input.code) }),
  } satisfies HandlerPart;
}
