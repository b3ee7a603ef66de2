// The highest register number each book has ever issued, kept OUTSIDE the register database:
// a restore (or a copy of an old register file put back by hand) rolls the database back, but
// a number already written on paper must never be issued again. So every allocation appends a
// line to <register>.numbers beside the database and flushes it to disk BEFORE the number's
// transaction commits: the file is never behind the register. A line cut by a power failure
// does not parse and is ignored (the number it carried was never committed either).
// (One fdatasync per change: see recordIssued.) Line format: "<kind> <year> <main|circular> <number>\n".
import { closeSync, existsSync, fdatasyncSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
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

function append(file: string, text: string, flush: boolean): void {
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, text);
    if (flush) fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Records numbers about to be issued. Called inside the allocating transaction, before it
 * commits: a failure to write refuses the registration rather than risk a number that a
 * restore could give out again. Not flushed here: every registration goes on to write its
 * outbox row in the same transaction, and recordOutboxSeq's flush puts both lines on disk
 * with one fdatasync, before the commit.
 */
export function recordIssued(store: Store, kind: RegisterKind, year: number, main: number | null, circular: number | null): void {
  const file = highWaterFile(store.sqlite.name);
  if (!file) return;
  let text = '';
  if (main !== null) text += `${hwKey(kind, year, 'main')} ${main}\n`;
  if (circular !== null) text += `${hwKey(kind, year, 'circular')} ${circular}\n`;
  append(file, text, false);
}

/**
 * Records an outbox row's seq (inside its transaction, before commit): after a restore, new
 * rows continue after it, so the server never takes a new change for one it already has.
 */
export function recordOutboxSeq(store: Store, seq: number): void {
  const file = highWaterFile(store.sqlite.name);
  if (file) append(file, `${OUTBOX_KEY} ${seq}\n`, true);
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
