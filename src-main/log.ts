// The app's log: one rotating file (pino + pino-roll: 5 MB a file, the last 10 kept) under the
// app's home folder, never in the data folder (it must not be restored with a backup or move
// with the register). Each line names its area: main, core, sync, printing, backup, updates.
// Everything written passes scrubLogValue (no credentials, no secret content).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import pinoRoll from 'pino-roll';
import { scrubLogValue } from './logScrub.js';

export type LogArea = 'main' | 'core' | 'sync' | 'printing' | 'backup' | 'updates';

export interface AppLog {
  info(area: LogArea, message: string, fields?: Record<string, unknown>): void;
  warn(area: LogArea, message: string, fields?: Record<string, unknown>): void;
  error(area: LogArea, message: string, err?: unknown): void;
  /** Writes what is buffered (before the app quits, before a diagnostics export). */
  flush(): Promise<void>;
}

export const logDir = (appHome: string): string => join(appHome, 'logs');
export const LOG_BASENAME = 'saraban';

export async function openAppLog(dir: string, opts: { sizeMb?: number; keep?: number } = {}): Promise<AppLog> {
  mkdirSync(dir, { recursive: true });
  // pino-roll used in-process as the destination (not as a worker-thread transport): simpler
  // in Electron's main process and in a packaged asar. Synchronous writes: a few lines a
  // minute cost nothing, and the line before a crash is on disk when the crash comes.
  const stream = await pinoRoll({ file: join(dir, LOG_BASENAME), extension: '.log', size: `${opts.sizeMb ?? 5}m`, limit: { count: opts.keep ?? 10 }, mkdir: true, sync: true });
  const logger = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime, formatters: { log: (obj) => scrubLogValue(obj) as Record<string, unknown> } }, stream);
  return {
    info: (area, message, fields) => logger.info({ area, ...fields }, scrubLogValue(message) as string),
    warn: (area, message, fields) => logger.warn({ area, ...fields }, scrubLogValue(message) as string),
    error: (area, message, err) => logger.error({ area, error: scrubLogValue(err) }, scrubLogValue(message) as string),
    flush: () =>
      new Promise<void>((resolve) => {
        stream.flush(() => resolve());
      }),
  };
}

/** For tests and tools that log nowhere. */
export const silentLog: AppLog = { info: () => undefined, warn: () => undefined, error: () => undefined, flush: async () => undefined };
