// The limits each figure is judged against, measured in the same run on the same box: machines
// here differ by 2x from one day to the next, so "1.0 ms" means nothing alone, while "2x the
// disk's fsync floor" means the same thing on every box.
//  - fsync floor: a bare one-row commit into a WAL file with synchronous=FULL, on the same disk
//    as the register (no registration can commit faster: one WAL fsync per commit);
//  - LIKE scan: an AMSS++-style `LIKE '%…%'` count over the same 1,000,000 rows (what search
//    costs without an index);
//  - empty page: Chromium printing one empty A4 page (the printer's fixed cost per document).
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PdfPrinter } from '../src-main/reports/pdfPrinter.js';

/** A one-row fsynced commit in its own small file beside the register. */
export function fsyncFloor(dir: string): { sample: () => void; close: () => void } {
  const file = join(dir, 'fsync-floor.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  let i = 0;
  return {
    sample: () => void insert.run(`row ${i++}`),
    close: () => {
      db.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
  };
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
