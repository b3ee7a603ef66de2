// Exports load their libraries on first use, to keep them out of the app's start (0.3 s). But
// loading one holds the event loop (a CommonJS tree is required in one go): the first export
// after a start stalled every other call of the clerk for 0.3-0.5 s. So they are loaded a
// little after the start, while the clerk is logging in or reading the list, one library per
// turn of the event loop, so that calls waiting in between are served.
import { setTimeout as sleep } from 'node:timers/promises';
import { sarabunTextWidthPt } from './fonts.js';

/** After the window shows and the register opens: a clerk's first export comes later than this. */
export const WARM_UP_DELAY_MS = 3000;

const steps: (() => unknown)[] = [
  () => import('pdf-lib'),
  () => import('@pdf-lib/fontkit'),
  // Parses the Sarabun faces print measures names with (html.ts).
  () => sarabunTextWidthPt('ก', 10),
  // exceljs' streaming writer only (exporters.ts): the whole package took 250-360 ms in one turn.
  () => import('./exporters.js'),
  () => import('./pdfJoiner.js'),
];

let warming: Promise<void> | null = null;

/** Loads every library the exports use, once per process; later calls share the first. */
export function warmUpReports(): Promise<void> {
  warming ??= (async () => {
    for (const step of steps) {
      await step();
      // A turn for whatever waits (an API call, a timer) between two libraries.
      await sleep(20);
    }
  })();
  return warming;
}

/** Schedules the warm-up after the start; the timer never keeps a process alive. */
export function scheduleWarmUp(delayMs = WARM_UP_DELAY_MS): void {
  setTimeout(() => void warmUpReports().catch(() => undefined), delayMs).unref();
}
