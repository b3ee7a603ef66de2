// The limits each figure is judged against, measured in the same run on the same box: machines
// here differ by 2x from one day to the next, so "1.0 ms" means nothing alone, while "2x the
// disk's fsync floor" means the same thing on every box.
//  - fsync floor: a bare one-row commit into a WAL file with synchronous=FULL, on the same disk
//    as the register (no registration can commit faster: one WAL fsync per commit); beside it,
//    a bare commit of as many pages as a registration writes (what its writes alone cost), and
//    the same with the numbers file's fdatasync beside the commit (issue 14: a number never
//    goes back after a restore, so every registration also flushes <register>.numbers);
//  - LIKE scan: an AMSS++-style `LIKE '%…%'` count over the same 1,000,000 rows (what search
//    costs without an index);
//  - empty page: Chromium printing one empty A4 page (the printer's fixed cost per document).
import Database from 'better-sqlite3';
import { closeSync, fdatasync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PdfPrinter } from '../src-main/reports/pdfPrinter.js';

/**
 * A bare fsynced commit in its own small file beside the register: one row (the floor), or one
 * row in each of `pages` tables (a commit that writes as many pages as a registration does,
 * with none of its work: what SQLite's WAL costs for that many pages on this disk).
 */
export function fsyncFloor(dir: string, pages = 1): { sample: () => void; close: () => void } {
  const file = join(dir, `fsync-floor-${pages}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const inserts = Array.from({ length: pages }, (_, t) => {
    db.exec(`CREATE TABLE t${t} (id INTEGER PRIMARY KEY, v TEXT NOT NULL)`);
    return db.prepare(`INSERT INTO t${t} (v) VALUES (?)`);
  });
  const commit = db.transaction((v: string) => {
    for (const insert of inserts) insert.run(v);
  });
  let i = 0;
  return {
    sample: () => void commit.immediate(`row ${i++}`),
    close: () => {
      db.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
  };
}

/**
 * The bare commit of `pages` pages with what registers/highWater.ts adds to every registration:
 * a line appended to a file beside the database and its fdatasync, started before the commit
 * and awaited after it (two flushes on one disk at once). No registration can be faster.
 */
export function fsyncFloorWithNumbers(dir: string, pages: number): { sample: () => Promise<void>; close: () => void } {
  const commit = fsyncFloor(dir, pages);
  const file = join(dir, 'fsync-floor.numbers');
  const fd = openSync(file, 'w');
  let i = 0;
  return {
    sample: async () => {
      writeSync(fd, `outbox ${i++}\n`);
      const flushed = new Promise<void>((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
      commit.sample();
      await flushed;
    },
    close: () => {
      commit.close();
      closeSync(fd);
      rmSync(file, { force: true });
    },
  };
}

/** WAL frames (pages) the given work writes, on average over `runs` calls. */
export async function walPagesPer(db: Database.Database, runs: number, work: (i: number) => Promise<unknown>): Promise<number> {
  db.pragma('wal_checkpoint(TRUNCATE)');
  for (let i = 0; i < runs; i++) await work(i);
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const walBytes = statSync(`${db.name}-wal`).size;
  return (walBytes - 32) / (pageSize + 24) / runs;
}

/** The same substring searched the AMSS++ way: a full scan of every row's subject. */
export function likeScan(db: Database.Database): (word: string) => number {
  const count = db.prepare("SELECT count(*) AS n FROM entries WHERE kind = 'incoming' AND subject LIKE ?");
  return (word) => (count.get(`%${word}%`) as { n: number }).n;
}

const EMPTY_A4 = '<!doctype html><html><head><meta charset="utf-8"><style>@page { size: A4 portrait; margin: 0 }</style></head><body></body></html>';

/** One empty A4 page through the same printer (and its kept pages) the reports use. */
export function emptyPage(printer: PdfPrinter): () => Promise<Uint8Array> {
  return () => printer.pdf(EMPTY_A4);
}
