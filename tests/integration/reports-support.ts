// Shared by the report tests: a register seeded from the fixtures through the real engine, and
// reading PDFs back with poppler (pdftotext, pdftoppm) as a clerk's printer would see them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../src-main/core.js';
import { loadDemo } from '../../src-main/registers/demo.js';
import { cancelEntry, insertEntries } from '../../src-main/registers/entries.js';
import type { ReportJobs } from '../../src-main/reports/reportJobs.js';
import { sharedFixturesDir } from '../../src-main/paths.js';
import type { Entry } from '../../src-shared/domain.js';
import type { ReportRequest, ReportResult } from '../../src-shared/reportSchemas.js';
import { entryFields } from '../../src-shared/schemas.js';

export interface FixtureRow {
  registerNo: number;
  documentNo: string;
  from: string;
  to: string;
  subject: string;
  group: string;
  person: string;
}

export function fixtureRows(name: 'incoming-2566.json' | 'outgoing-2566.json'): FixtureRow[] {
  const dir = sharedFixturesDir() ?? join(process.cwd(), 'resources', 'demo');
  return (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { entries: FixtureRow[] }).entries;
}

export const SCRIPT_SUBJECT = `<script>alert("x")</script> & <b>ตัวหนา</b>`;

/** The demo office (16 Nov 2566) plus, the next day, a subject full of markup and a cancelled entry. */
export function seedRegister(core: Core): { script: Entry; cancelled: Entry } {
  loadDemo(core, sharedFixturesDir() ?? undefined);
  const ctx = core.writeContext(new Date('2023-11-17T10:15:00+07:00'));
  const [script, toCancel] = core.store.tx(() =>
    insertEntries(ctx, 'incoming', [
      entryFields.parse({ kind: 'incoming', docDate: '2023-11-17', from: 'บ้านพุย', to: 'สพป.', subject: SCRIPT_SUBJECT, urgency: 'most_urgent' }),
      entryFields.parse({ kind: 'incoming', docDate: '2023-11-17', from: 'บ้านแม่ดูบ', to: 'สพป.', subject: 'รายการที่ลงซ้ำ' }),
    ]),
  ) as [Entry, Entry];
  const cancelled = cancelEntry(core.writeContext(new Date('2023-11-17T10:20:00+07:00')), toCancel.id, toCancel.version, 'ลงทะเบียนซ้ำ');
  return { script, cancelled };
}

export async function runJob(jobs: ReportJobs, request: ReportRequest): Promise<ReportResult & { kind: 'file' }> {
  const { jobId } = jobs.start(request);
  const status = await jobs.wait(jobId);
  if (status.state !== 'done') throw new Error(`report failed: ${status.message}`);
  const result = jobs.result(jobId);
  if (result.kind !== 'file') throw new Error('expected a file');
  return result;
}

export const bytesOf = (r: { base64: string }): Buffer => Buffer.from(r.base64, 'base64');

/** The PDF's text, one string per page (pdftotext separates pages with form feeds). */
export function pdfPages(pdf: Buffer, dir: string): string[] {
  const file = join(dir, `r-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const pages = text.split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages;
}

/** Without whitespace: wrapped lines and table cells come back with line breaks anywhere. */
export const squash = (s: string): string => s.replace(/\s+/g, '');

export function pdfFonts(pdf: Buffer, dir: string): string {
  const file = join(dir, 'fonts.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdffonts', [file], { encoding: 'utf8' });
}

/** The first page as a PNG at 60 dpi in reports-png/ (looked at by a person, see the report). */
export function firstPagePng(pdf: Buffer, name: string): string {
  const dir = join(process.cwd(), 'test-results', 'reports-png');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name)]);
  return join(dir, `${name}.png`);
}
