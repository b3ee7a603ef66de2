// Report jobs: a register of a year is 16,000 rows, so building it runs in the background in
// chunks, yielding to the event loop between them so the clerk's other API calls are served,
// and the renderer polls reports.status for the progress bar, then takes reports.result.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import {
  MAX_STAMPS,
  registerReportTitle,
  type RegisterReportRequest,
  type ReportJobStatus,
  type ReportRequest,
  type ReportResult,
  type StampReportRequest,
} from '../../src-shared/reportSchemas.js';
import { localIsoTimestamp, thaiDateRangeShort } from '../../src-shared/thai.js';
import { isOwnOffice } from '../../src-shared/docNumber.js';
import type { Entry } from '../../src-shared/domain.js';
import type { Core } from '../core.js';
import { currentCaller } from '../users/caller.js';
import { visibleEntry } from '../users/secrecy.js';
import { DomainError } from '../errors.js';
import { getOffice } from '../registers/office.js';
import { RegisterReportBuilder, periodText } from './html.js';
import type { PdfPrinter } from './pdfPrinter.js';
import { countReportRows, entriesByIds, everyRowToOffice, getPrintSettings, groupName, reportChunks } from './reportData.js';
import { buildStampHtml } from './stamp.js';
import { scheduleWarmUp } from './warmUp.js';

// Rows read and written between turns of the event loop: 500 rows of xlsx held it 0.16-0.23 s
// (more than the 100 ms a clerk's other call may wait); 100 rows keep each turn near 40 ms.
const CHUNK = 100;
/**
 * Rows per Chromium print job for large registers (see pdfJoiner.ts), and jobs at once: printing
 * is CPU-bound in Chromium's layout and paint (about 1 ms a row a core), so use the PC's cores,
 * leaving one for the clerk where there are more than two.
 */
export const PDF_CHUNK_ROWS = 1000;
const PDF_PARALLEL = Math.max(2, Math.min(6, availableParallelism() - 1));
/**
 * Past this many rows a PDF is printed in chunks: a month (about 1,300 rows) as one job of
 * 1,000 rows and one of 300 kept one core idle for most of the job, so the rows are shared
 * evenly between the printing jobs, up to PDF_CHUNK_ROWS each.
 */
export const PDF_SPLIT_ROWS = 400;
export function pdfChunkRows(total: number): number {
  return Math.min(PDF_CHUNK_ROWS, Math.ceil(total / PDF_PARALLEL));
}
export const PREVIEW_ROWS = 500;
/**
 * The print dialog gets the register as one document; past this many rows it is too large to
 * print in one go (one Chromium print job of ~1,000 pages is the practical limit), so the clerk
 * is asked to save a PDF (printed in chunks) and print that.
 */
export const DIRECT_PRINT_MAX_ROWS = 4000;
/** Finished jobs wait this long for their result to be fetched. */
const KEEP_MS = 10 * 60 * 1000;
const MAX_JOBS = 8;

interface Job {
  /** Secret entries' content as the caller who started the job may see it (users/secrecy.ts). */
  visible: (e: Entry) => Entry;
  status: ReportJobStatus;
  result: ReportResult | null;
  finishedAt: number | null;
}

const MIME = {
  html: 'text/html;charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
} as const;

function fileResult(name: string, ext: keyof typeof MIME, bytes: Uint8Array | string, rows: number): ReportResult {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { kind: 'file', fileName: `${name}.${ext}`, mimeType: MIME[ext], base64: buf.toString('base64'), rows };
}

/** A file name the clerk can read, safe on Windows: "ทะเบียนหนังสือรับ 2023-01-01 ถึง 2023-12-31". */
function baseName(r: RegisterReportRequest): string {
  return `${registerReportTitle(r.kind, r.series)} ${thaiDateRangeShort(r.from, r.to)}`;
}

export class ReportJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly core: Core,
    private readonly printer: PdfPrinter,
  ) {
    scheduleWarmUp();
  }

  start(request: ReportRequest): { jobId: string } {
    this.sweep();
    const running = [...this.jobs.values()].filter((j) => j.status.state === 'running').length;
    if (running >= 2) throw new DomainError('conflict', 'กำลังสร้างรายงานอื่นอยู่ กรุณารอให้เสร็จก่อน');
    const jobId = randomUUID();
    // Captured now, inside the API call: the job runs on after the call has returned.
    const caller = currentCaller();
    const job: Job = {
      visible: (e) => visibleEntry(e, caller),
      status: { jobId, state: 'running', done: 0, total: 0, message: 'กำลังเตรียมข้อมูล…' },
      result: null,
      finishedAt: null,
    };
    this.jobs.set(jobId, job);
    const work = request.type === 'register' ? this.runRegister(job, request) : this.runStamps(job, request);
    work.then(
      (result) => {
        job.result = result;
        job.status = { ...job.status, state: 'done', done: job.status.total, message: 'เสร็จแล้ว' };
        job.finishedAt = Date.now();
      },
      (e: unknown) => {
        const message = e instanceof DomainError ? e.message : 'สร้างรายงานไม่สำเร็จ กรุณาลองใหม่';
        if (!(e instanceof DomainError)) console.error(e);
        job.status = { ...job.status, state: 'failed', message };
        job.finishedAt = Date.now();
      },
    );
    return { jobId };
  }

  status(jobId: string): ReportJobStatus {
    return this.require(jobId).status;
  }

  /** The finished file; the job is forgotten once taken (a file of a year can be megabytes). */
  result(jobId: string): ReportResult {
    const job = this.require(jobId);
    if (job.status.state === 'failed') throw new DomainError('internal', job.status.message);
    if (job.status.state !== 'done' || !job.result) throw new DomainError('conflict', 'รายงานยังสร้างไม่เสร็จ');
    this.jobs.delete(jobId);
    return job.result;
  }

  /** Waits for a job (tests and the bench; the renderer polls instead). */
  async wait(jobId: string): Promise<ReportJobStatus> {
    for (;;) {
      const s = this.status(jobId);
      if (s.state !== 'running') return s;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private require(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new DomainError('not_found', 'ไม่พบงานสร้างรายงานนี้ (อาจหมดเวลาแล้ว) กรุณาสั่งใหม่');
    return job;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) if (job.finishedAt !== null && now - job.finishedAt > KEEP_MS) this.jobs.delete(id);
    while (this.jobs.size >= MAX_JOBS) {
      const oldest = [...this.jobs.entries()].find(([, j]) => j.finishedAt !== null);
      if (!oldest) break;
      this.jobs.delete(oldest[0]);
    }
  }

  private async runRegister(job: Job, r: RegisterReportRequest): Promise<ReportResult> {
    const { store } = this.core;
    const settings = getPrintSettings(store);
    const query = { kind: r.kind, from: r.from, to: r.to, groupId: r.groupId, includeCancelled: settings.includeCancelled, series: r.series };
    const total = countReportRows(store, query);
    job.status = { ...job.status, total, message: `กำลังอ่านทะเบียน 0/${total.toLocaleString('en-US')} รายการ` };
    if (r.format === 'print' && total > DIRECT_PRINT_MAX_ROWS) {
      throw new DomainError(
        'invalid_input',
        `ช่วงนี้มี ${total.toLocaleString('en-US')} รายการ มากเกินกว่าจะส่งพิมพ์โดยตรง (ไม่เกิน ${DIRECT_PRINT_MAX_ROWS.toLocaleString('en-US')} รายการ) กรุณาบันทึกเป็น PDF แล้วพิมพ์จากไฟล์ PDF`,
      );
    }
    const group = groupName(store, r.groupId);
    const name = baseName(r);
    const progress = (done: number) => {
      job.status = { ...job.status, done, message: `กำลังอ่านทะเบียน ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} รายการ` };
    };

    if (r.format === 'xlsx' || r.format === 'csv') {
      const title = `${registerReportTitle(r.kind, r.series)} ${periodText(r.from, r.to)}${group ? ` ${group}` : ''}`;
      // Loaded on first use, like the PDF joiner: exceljs and pdf-lib would add 0.3 s to the app's start.
      const { startCsv, startXlsx } = await import('./exporters.js');
      const out = r.format === 'xlsx' ? startXlsx(r.kind, title) : startCsv(r.kind);
      let done = 0;
      for (const chunk of reportChunks(store, query, CHUNK)) {
        out.addRows(chunk.map(job.visible));
        done += chunk.length;
        progress(done);
        await yieldToLoop();
      }
      job.status = { ...job.status, message: 'กำลังบันทึกไฟล์…' };
      return fileResult(name, r.format, await out.finish(), done);
    }

    const office = getOffice(store);
    const meta = {
      office,
      kind: r.kind,
      toIsOfficeOnly: r.kind === 'incoming' && everyRowToOffice(store, query, (to) => isOwnOffice(to, office)),
      title: registerReportTitle(r.kind, r.series),
      from: r.from,
      to: r.to,
      groupName: group,
      settings,
      printedAt: localIsoTimestamp(this.core.now()),
    };
    if (r.format === 'pdf' && total > PDF_SPLIT_ROWS) {
      const title = `${registerReportTitle(r.kind, r.series)} ${periodText(r.from, r.to)}`;
      return fileResult(name, 'pdf', await this.chunkedPdf(job, new RegisterReportBuilder(meta, { pageNumbers: false, printOnly: true }), query, total, title), total);
    }
    const builder = new RegisterReportBuilder(meta, { printOnly: r.format === 'pdf' || (r.format === 'print' && this.printer.print !== undefined) });
    // The in-app preview shows the first rows only: a year's 16,000 rows would freeze the window.
    const limit = r.format === 'html' ? PREVIEW_ROWS : Infinity;
    const parts = [builder.head()];
    let done = 0;
    for (const chunk of reportChunks(store, query, Math.min(CHUNK, limit))) {
      parts.push(builder.rows(chunk.map(job.visible)));
      done += chunk.length;
      progress(done);
      if (done >= limit) break;
      await yieldToLoop();
    }
    parts.push(builder.tail(true, done < total ? total : null));
    return this.output(job, parts.join(''), r.format, name, done);
  }

  private async runStamps(job: Job, r: StampReportRequest): Promise<ReportResult> {
    const { store } = this.core;
    const ids = r.range ? this.incomingIdsIn(r.range) : r.ids;
    const entries = entriesByIds(store, ids);
    if (entries.length === 0) {
      throw new DomainError('not_found', r.range ? 'ไม่มีหนังสือรับในช่วงวันที่ที่เลือก' : 'ไม่พบรายการที่เลือกในทะเบียน');
    }
    job.status = { ...job.status, total: entries.length, done: entries.length };
    const html = buildStampHtml(getOffice(store), entries, r.paper, getPrintSettings(store), r.paper === 'label' ? (r.firstLabel ?? 1) : 1);
    const first = entries[0] as (typeof entries)[number];
    const name = entries.length === 1 ? `ตรารับหนังสือ ${first.registerNo}-${first.year}` : `ตรารับหนังสือ ${entries.length} รายการ`;
    return this.output(job, html, r.format, name, entries.length);
  }

  /**
   * Chunks of rows printed PDF_PARALLEL at a time and joined in order as they come back (the
   * next chunk starts printing as soon as the oldest one is joined), page numbers drawn last.
   */
  private async chunkedPdf(
    job: Job,
    builder: RegisterReportBuilder,
    query: Parameters<typeof reportChunks>[1],
    total: number,
    title: string,
  ): Promise<Uint8Array> {
    const { PdfJoiner } = await import('./pdfJoiner.js');
    const joiner = await PdfJoiner.create(title);
    const chunks = reportChunks(this.core.store, query, pdfChunkRows(total));
    const printing: { pdf: Promise<Uint8Array>; rows: number }[] = [];
    let first = true;
    /** Builds the next chunk's HTML a few rows a turn (measuring names takes time) and prints it. */
    const startNext = async (): Promise<void> => {
      const next = chunks.next();
      if (next.done) return;
      const parts = [builder.head(!first)];
      first = false;
      for (let i = 0; i < next.value.length; i += CHUNK) {
        parts.push(builder.rows(next.value.slice(i, i + CHUNK).map(job.visible)));
        await yieldToLoop();
      }
      parts.push(builder.tail(false));
      const pdf = this.printer.pdf(parts.join(''));
      // Handled where it is awaited, in order; this only keeps a failure of a later chunk, while
      // an earlier one is awaited, from counting as unhandled.
      pdf.catch(() => undefined);
      printing.push({ pdf, rows: next.value.length });
    };
    let joined = 0;
    const progress = (message: string) => {
      job.status = { ...job.status, done: joined, message };
    };
    progress(`กำลังสร้าง PDF 0/${total.toLocaleString('en-US')} รายการ`);
    try {
      for (let i = 0; i < PDF_PARALLEL; i++) await startNext();
      for (let chunk = printing.shift(); chunk; chunk = printing.shift()) {
        const pdf = await chunk.pdf;
        await startNext();
        await joiner.append(pdf);
        joined += chunk.rows;
        progress(`กำลังสร้าง PDF ${joined.toLocaleString('en-US')}/${total.toLocaleString('en-US')} รายการ`);
        await yieldToLoop();
      }
    } catch (e) {
      // Let the chunks still printing finish before the job reports its failure.
      await Promise.allSettled(printing.map((c) => c.pdf));
      throw e;
    }
    progress('กำลังใส่เลขหน้าและบันทึกไฟล์…');
    return joiner.finish(builder.pageSetup());
  }

  /** A day's batch: the active incoming entries registered in the range, in number order. */
  private incomingIdsIn(range: NonNullable<StampReportRequest['range']>): string[] {
    const query = { kind: 'incoming' as const, ...range, includeCancelled: false };
    const total = countReportRows(this.core.store, query);
    if (total > MAX_STAMPS) {
      throw new DomainError('invalid_input', `ช่วงวันที่นี้มีหนังสือรับ ${total.toLocaleString('en-US')} รายการ พิมพ์ตรารับได้ครั้งละไม่เกิน ${MAX_STAMPS} รายการ กรุณาเลือกช่วงที่สั้นลง`);
    }
    return [...reportChunks(this.core.store, query, MAX_STAMPS)].flat().map((e) => e.id);
  }

  private async output(job: Job, html: string, format: 'html' | 'pdf' | 'print', name: string, rows: number): Promise<ReportResult> {
    if (format === 'html') return fileResult(name, 'html', html, rows);
    if (format === 'print' && this.printer.print) {
      job.status = { ...job.status, message: 'กำลังเปิดหน้าต่างพิมพ์…' };
      await this.printer.print(html);
      return { kind: 'printed', rows };
    }
    if (format === 'print') {
      // No system dialog here (the browser host): the renderer prints the preview itself.
      return fileResult(name, 'html', html, rows);
    }
    job.status = { ...job.status, message: 'กำลังสร้าง PDF…' };
    return fileResult(name, 'pdf', await this.printer.pdf(html), rows);
  }
}
