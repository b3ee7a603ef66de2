// "ส่งออกข้อมูลสำหรับผู้ดูแลระบบ": one zip an office's IT person (or the developers) can read
// without the register itself: the log files, the versions of every part, and the register's
// health (quick check, schema, counts, outbox, backups, sync). No entry content, no credential:
// the log is scrubbed as it is written, and the health report holds counts and dates only.
import { existsSync, mkdirSync, readdirSync, statfsSync, createWriteStream } from 'node:fs';
import { arch, platform, release } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { localIsoTimestamp } from '../src-shared/thai.js';
import { backupStatus } from './backup/backups.js';
import { startBackgroundQuickCheck } from './db/backgroundCheck.js';
import type { Core } from './core.js';
import { appVersion } from './version.js';

export interface DiagnosticsInput {
  core: Core | null;
  dataDir: string;
  logDir: string | null;
  outDir: string;
  mode: string;
  /** Why the register is not open (recovery or unavailable mode). */
  problem?: string | null;
}

export interface DiagnosticsResult {
  file: string;
  entries: string[];
}

export function versionsReport(core: Core | null): Record<string, string> {
  const v: Record<string, string> = {
    app: appVersion(),
    node: process.versions.node,
    os: `${platform()} ${release()} ${arch()}`,
  };
  if (process.versions.electron) v.electron = process.versions.electron;
  if (process.versions.chrome) v.chromium = process.versions.chrome;
  if (core) v.sqlite = (core.store.sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  return v;
}

/** quickCheck: the answer of a check already made (in a worker thread); without it, checked here. */
export function healthReport(input: Pick<DiagnosticsInput, 'core' | 'dataDir' | 'mode' | 'problem'>, quickCheck?: string): Record<string, unknown> {
  const report: Record<string, unknown> = { mode: input.mode, problem: input.problem ?? null, dataDir: input.dataDir };
  try {
    const fs = statfsSync(input.dataDir);
    report.freeDiskMb = Math.floor((fs.bavail * fs.bsize) / (1024 * 1024));
  } catch {
    report.freeDiskMb = null;
  }
  const core = input.core;
  if (!core) return report;
  const db = core.store.sqlite;
  const one = <T>(sql: string): T => db.prepare(sql).get() as T;
  report.quickCheck = quickCheck ?? db.pragma('quick_check', { simple: true });
  report.journalMode = db.pragma('journal_mode', { simple: true });
  report.schemaVersions = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
  report.entriesByKind = Object.fromEntries((db.prepare('SELECT kind, count(*) AS n FROM entries GROUP BY kind').all() as { kind: string; n: number }[]).map((r) => [r.kind, r.n]));
  report.auditEvents = one<{ n: number }>('SELECT count(*) AS n FROM audit_events').n;
  report.outboxPending = one<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL').n;
  const fileBytes = one<{ n: number }>('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()').n;
  report.registerMb = Math.round(fileBytes / 1024 / 10.24) / 100;
  const backups = backupStatus(core);
  report.backups = { dir: backups.dir, lastBackupAt: backups.lastBackupAt, lastError: backups.lastError, count: backups.backups.length };
  return report;
}

export async function exportDiagnostics(input: DiagnosticsInput): Promise<DiagnosticsResult> {
  mkdirSync(input.outDir, { recursive: true });
  const stamp = localIsoTimestamp(new Date()).slice(0, 19).replace(/[-:]/g, '');
  const file = join(input.outDir, `saraban-diagnostics-${stamp}.zip`);
  const zip = new yazl.ZipFile();
  const entries: string[] = [];
  const add = (name: string, text: string) => {
    zip.addBuffer(Buffer.from(text, 'utf8'), name);
    entries.push(name);
  };
  add('versions.json', `${JSON.stringify(versionsReport(input.core), null, 2)}\n`);
  // The quick check reads every page (seconds on a large register): in a worker thread, so the
  // clerks' calls go on while the admin waits for the zip.
  const checked = input.core ? await startBackgroundQuickCheck(input.core.store.sqlite.name).result : null;
  const answer = checked?.state === 'ok' ? 'ok' : checked?.state === 'damaged' ? checked.detail : undefined;
  add('health.json', `${JSON.stringify(healthReport(input, answer), null, 2)}\n`);
  if (input.logDir && existsSync(input.logDir)) {
    for (const name of readdirSync(input.logDir).filter((n) => n.endsWith('.log')).sort()) {
      zip.addFile(join(input.logDir, name), `logs/${name}`);
      entries.push(`logs/${name}`);
    }
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.on('error', reject).pipe(out);
  });
  return { file, entries };
}
