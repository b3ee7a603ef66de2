// The highest register number each book has ever issued, kept OUTSIDE the register database:
// a restore (or a copy of an old register file put back by hand) rolls the database back, but
// a number already written on paper must never be issued again. So every allocation appends a
// line to <register>.numbers beside the database inside the number's transaction, and the
// line is flushed to disk before the number is shown: the flush starts before the commit and
// runs beside SQLite's own fsync (Store.onSettle; dispatch answers after both). A power cut
// between the two commits can leave the file one change behind a register whose number nobody
// saw yet; every open catches the file up from the register (reconcileHighWater) before anyone
// can restore. A line cut by a power failure does not parse and is ignored.
// (One fdatasync per change: see recordIssued.) Line format: "<kind> <year> <main|circular> <number>\n".
import { closeSync, existsSync, fdatasync, fdatasyncSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import type { RegisterKind } from '../../src-shared/domain.js';
import { REGISTER_KINDS } from '../../src-shared/domain.js';
import type { Store } from '../db/store.js';

export type Sequence = 'main' | 'circular';

/** key "kind year sequence" -> the highest number issued. */
export type HighWater = Map<string, number>;

export const hwKey = (kind: string, year: number, sequence: Sequence): string => `${kind} ${year} ${sequence}`;

const LINE = /^(incoming|outgoing|order|certificate) (\d{4}) (main|circular) (\d{1,9})$/;
const OUTBOX_LINE = /^outbox (\d{1,15})$/;
/** The key of the outbox's highest seq: sync rows already sent must never get a seq again. */
export const OUTBOX_KEY = 'outbox';
const KINDS = new Set<string>(REGISTER_KINDS);

/** The file beside a register database file; null for an in-memory database. */
export function highWaterFile(dbFile: string): string | null {
  return dbFile === '' || dbFile === ':memory:' ? null : `${dbFile}.numbers`;
}

export function readHighWater(dbFile: string): HighWater {
  const out: HighWater = new Map();
  const file = highWaterFile(dbFile);
  if (!file || !existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const o = OUTBOX_LINE.exec(line.trim());
    if (o) out.set(OUTBOX_KEY, Math.max(out.get(OUTBOX_KEY) ?? 0, Number(o[1])));
    const m = LINE.exec(line.trim());
    if (!m || !KINDS.has(m[1] as string)) continue;
    const key = hwKey(m[1] as string, Number(m[2]), m[3] as Sequence);
    out.set(key, Math.max(out.get(key) ?? 0, Number(m[4])));
  }
  return out;
}

function append(file: string, text: string): number {
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, text);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return fd;
}

/**
 * The appends and flushes of one register's numbers file, through one descriptor held while
 * the register is open (an open and a close for every line cost a registration more than its
 * write). One fdatasync runs at a time; lines written meanwhile get the next one, so bulk work
 * costs two flushes, not one a row. settled() waits for the lines written until its call,
 * never for later ones: a long import cannot hold a clerk's answer.
 */
class NumbersFlush {
  private fd: number | null = null;
  private written = 0;
  private durable = 0;
  private running = false;
  private closed = false;
  private failed: Error | null = null;
  private waiters: { upTo: number; resolve: () => void }[] = [];

  constructor(private readonly file: string) {}

  write(text: string, flush: boolean): void {
    // A disk that failed to flush refuses the next numbers (the change it carried was answered).
    if (this.failed) throw this.failed;
    if (this.closed) throw new Error('the register is closed');
    this.fd ??= openSync(this.file, 'a');
    writeSync(this.fd, text);
    if (!flush) return;
    this.written++;
    if (!this.running) this.start();
  }

  private start(): void {
    this.running = true;
    const upTo = this.written;
    fdatasync(this.fd as number, (err) => this.done(upTo, err));
  }

  private done(upTo: number, err: Error | null): void {
    if (err) this.failed = err;
    // After a failed flush nothing more is tried: every waiting answer is released (the changes
    // are committed), and the next number is refused.
    this.durable = this.failed ? this.written : upTo;
    this.running = false;
    this.waiters = this.waiters.filter((w) => (w.upTo <= this.durable ? (w.resolve(), false) : true));
    if (this.written > this.durable && !this.failed) this.start();
    else if (this.closed) this.release();
  }

  settled(): Promise<void> {
    const upTo = this.written;
    if (this.durable >= upTo) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ upTo, resolve }));
  }

  /** With the register: the descriptor goes once no flush is using it. */
  close(): void {
    this.closed = true;
    if (!this.running) this.release();
  }

  private release(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

const flushes = new WeakMap<Store, NumbersFlush>();

function writeLines(store: Store, text: string, flush: boolean): void {
  const file = highWaterFile(store.sqlite.name);
  if (!file) return;
  let f = flushes.get(store);
  if (!f) {
    const created = new NumbersFlush(file);
    store.onSettle(() => created.settled());
    store.onClose(() => created.close());
    flushes.set(store, created);
    f = created;
  }
  f.write(text, flush);
}

/**
 * Records numbers about to be issued. Called inside the allocating transaction, before it
 * commits: a failure to write refuses the registration rather than risk a number that a
 * restore could give out again. Not flushed here: every registration goes on to write its
 * outbox row in the same transaction, and recordOutboxSeq's flush puts both lines on disk
 * with one fdatasync, beside the commit.
 */
export function recordIssued(store: Store, kind: RegisterKind, year: number, main: number | null, circular: number | null): void {
  let text = '';
  if (main !== null) text += `${hwKey(kind, year, 'main')} ${main}\n`;
  if (circular !== null) text += `${hwKey(kind, year, 'circular')} ${circular}\n`;
  writeLines(store, text, false);
}

/**
 * Records an outbox row's seq (inside its transaction, before commit): after a restore, new
 * rows continue after it, so the server never takes a new change for one it already has.
 */
export function recordOutboxSeq(store: Store, seq: number): void {
  writeLines(store, `${OUTBOX_KEY} ${seq}\n`, true);
}

/**
 * At every open: the file learns whatever the register has issued that it lacks (a power cut
 * between the register's commit and the file's flush), flushed before the register is used.
 */
export function reconcileHighWater(store: Store): void {
  const file = highWaterFile(store.sqlite.name);
  if (!file) return;
  const hw = readHighWater(store.sqlite.name);
  let text = '';
  const books = store.raw<{ kind: string; year: number; next_no: number; next_circular_no: number }>(
    'SELECT kind, year, next_no, next_circular_no FROM books',
  );
  for (const b of books) {
    for (const [sequence, issued] of [['main', b.next_no - 1], ['circular', b.next_circular_no - 1]] as const) {
      const key = hwKey(b.kind, b.year, sequence);
      if (issued > 0 && issued > (hw.get(key) ?? 0)) text += `${key} ${issued}\n`;
    }
  }
  const seq = store.raw<{ s: number | null }>('SELECT max(seq) AS s FROM outbox')[0]?.s ?? 0;
  if (seq > (hw.get(OUTBOX_KEY) ?? 0)) text += `${OUTBOX_KEY} ${seq}\n`;
  if (text === '') return;
  const fd = append(file, text);
  try {
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const COMPACT_OVER_BYTES = 256 * 1024;

/** Rewrites the file as one line per book and sequence once it has grown (at start-up). */
export function compactHighWater(dbFile: string): void {
  const file = highWaterFile(dbFile);
  if (!file || !existsSync(file) || statSync(file).size < COMPACT_OVER_BYTES) return;
  const hw = readHighWater(dbFile);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, [...hw].map(([k, n]) => `${k} ${n}\n`).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
