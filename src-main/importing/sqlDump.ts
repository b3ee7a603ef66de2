// Reads a MySQL/MariaDB dump (mysqldump or phpMyAdmin, plain or .gz) as a stream and hands
// over the rows of the tables asked for. The dump is never held whole: a 100,000-row AMSS++
// database is tens of MB and an office's may be far larger (other modules' tables), so only
// the statement being read is kept, and INSERTs of tables nobody asked for are not parsed.
//
// What real dumps contain, and is handled here: utf8/utf8mb4 text split across read chunks,
// multi-row INSERTs, INSERT with or without a column list (then the CREATE TABLE order),
// backslash escapes and doubled quotes, semicolons and newlines inside strings, \r\n line ends,
// `-- `, `#` and /* */ comments (including /*!40101 ... */), LOCK TABLES, SET and other
// statements (skipped), and a file cut in the middle (refused: see DumpError).
import { createReadStream, closeSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

export type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

/** A dump that cannot be read to its end: the import refuses it and writes nothing. */
export class DumpError extends Error {}

export interface DumpReadOptions {
  /** Only these tables' rows are parsed and passed to onRow. */
  tables: ReadonlySet<string>;
  onRow: (table: string, row: SqlRow, rowNo: number) => void;
  /** Bytes of the (compressed) file read so far, and its size. */
  onProgress?: (read: number, total: number) => void;
}

export interface DumpSummary {
  /** Tables whose CREATE TABLE or INSERT was seen, with their row counts (asked-for tables only). */
  rows: Map<string, number>;
  columns: Map<string, string[]>;
  bytes: number;
}

const enum Mode {
  Normal,
  Single,
  Double,
  Backtick,
  LineComment,
  BlockComment,
}

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * Splits SQL text into statements across chunk boundaries. Comments outside strings are
 * dropped; the text of line comments is reported (dump headers and "Dump completed").
 */
export class StatementSplitter {
  private mode = Mode.Normal;
  private parts: string[] = [];
  private carry = '';
  private blockStar = false;
  private commentText = '';

  constructor(
    private readonly onStatement: (sql: string) => void,
    private readonly onComment: (text: string) => void,
  ) {}

  /** Inside a statement or string that has not ended. */
  get open(): boolean {
    return this.mode === Mode.Single || this.mode === Mode.Double || this.mode === Mode.Backtick || this.parts.join('').trim() !== '' || this.carry.trim() !== '';
  }

  get inString(): boolean {
    return this.mode === Mode.Single || this.mode === Mode.Double || this.mode === Mode.Backtick;
  }

  push(chunk: string, final = false): void {
    const text = this.carry + chunk;
    const n = text.length;
    // Two-character tokens (-- , /*, */, \x) may straddle chunks: the last two characters wait
    // for the next chunk and are scanned again with it.
    const end = final ? n : n - 2;
    if (end <= 0) {
      this.carry = text;
      return;
    }
    const inComment = (): boolean => this.mode === Mode.LineComment || this.mode === Mode.BlockComment;
    let segStart = inComment() ? -1 : 0;
    let i = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      switch (this.mode) {
        case Mode.Normal:
          if (c === 39 /* ' */) this.mode = Mode.Single;
          else if (c === 34 /* " */) this.mode = Mode.Double;
          else if (c === 96 /* ` */) this.mode = Mode.Backtick;
          else if (c === 59 /* ; */) {
            if (i > segStart) this.parts.push(text.slice(segStart, i));
            const sql = this.parts.join('');
            this.parts = [];
            segStart = i + 1;
            if (sql.trim() !== '') this.onStatement(sql);
          } else if (c === 35 /* # */ || (c === 45 /* - */ && text.charCodeAt(i + 1) === 45 && (i + 2 >= n || /\s/.test(text[i + 2] as string)))) {
            if (i > segStart) this.parts.push(text.slice(segStart, i));
            this.mode = Mode.LineComment;
            this.commentText = '';
            segStart = -1;
          } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
            if (i > segStart) this.parts.push(text.slice(segStart, i));
            this.mode = Mode.BlockComment;
            this.blockStar = false;
            segStart = -1;
            i += 2;
            continue;
          }
          break;
        case Mode.Single:
        case Mode.Double:
          if (c === 92 /* \ */) {
            i += 2;
            continue;
          }
          if ((c === 39 && this.mode === Mode.Single) || (c === 34 && this.mode === Mode.Double)) this.mode = Mode.Normal;
          break;
        case Mode.Backtick:
          if (c === 96) this.mode = Mode.Normal;
          break;
        case Mode.LineComment:
          if (c === 10 /* \n */) {
            this.onComment(this.commentText);
            this.mode = Mode.Normal;
            segStart = i + 1;
          } else if (this.commentText.length < 200) this.commentText += text[i];
          break;
        case Mode.BlockComment:
          if (this.blockStar && c === 47) {
            this.mode = Mode.Normal;
            segStart = i + 1;
          }
          this.blockStar = c === 42;
          break;
      }
      i++;
    }
    if (segStart >= 0 && i > segStart) this.parts.push(text.slice(segStart, Math.min(i, n)));
    this.carry = text.slice(i);
    if (final && this.mode === Mode.LineComment) this.onComment(this.commentText);
  }
}

/** The column names of a CREATE TABLE statement, in order. */
export function createTableColumns(sql: string): { table: string; columns: string[] } | null {
  const m = /^\s*CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?([^`\s(]+)`?\s*\(/i.exec(sql);
  if (!m) return null;
  const body = sql.slice(m[0].length);
  const columns: string[] = [];
  let depth = 0;
  let quote = '';
  let itemStart = 0;
  const item = (s: string): void => {
    const t = s.trim();
    const col = /^`([^`]+)`/.exec(t) ?? /^([A-Za-z_][A-Za-z0-9_]*)\s/.exec(t);
    if (!col) return;
    if (!t.startsWith('`') && /^(PRIMARY|KEY|UNIQUE|CONSTRAINT|INDEX|FULLTEXT|SPATIAL|FOREIGN|CHECK)\b/i.test(t)) return;
    columns.push(col[1] as string);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) {
        item(body.slice(itemStart, i));
        break;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      item(body.slice(itemStart, i));
      itemStart = i + 1;
    }
  }
  return { table: m[1] as string, columns };
}

const INSERT_HEAD = /^\s*(?:INSERT|REPLACE)\s+(?:LOW_PRIORITY\s+|DELAYED\s+|HIGH_PRIORITY\s+)?(?:IGNORE\s+)?(?:INTO\s+)?`?([^`\s(]+)`?\s*(\(([^)]*)\))?\s*VALUES\s*/i;

/** The table an INSERT writes to, without parsing its values. */
export function insertTable(sql: string): string | null {
  const m = /^\s*(?:INSERT|REPLACE)\s+(?:LOW_PRIORITY\s+|DELAYED\s+|HIGH_PRIORITY\s+)?(?:IGNORE\s+)?(?:INTO\s+)?`?([^`\s(]+)`?/i.exec(sql);
  return m ? (m[1] as string) : null;
}

const ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/** Parses the VALUES tuples of one INSERT statement. */
export function parseInsert(sql: string, knownColumns: string[] | undefined): { table: string; columns: string[]; tuples: SqlValue[][] } {
  const m = INSERT_HEAD.exec(sql);
  if (!m) throw new DumpError('คำสั่ง INSERT อ่านไม่ได้');
  const table = m[1] as string;
  const columns = m[3] !== undefined ? m[3].split(',').map((c) => c.trim().replace(/^`|`$/g, '')) : knownColumns;
  if (!columns) throw new DumpError(`ตาราง ${table}: ไม่มีรายชื่อคอลัมน์ (ไม่พบ CREATE TABLE ก่อนข้อมูล)`);
  const tuples: SqlValue[][] = [];
  let i = m[0].length;
  const n = sql.length;
  const skipSpace = (): void => {
    while (i < n && /\s/.test(sql[i] as string)) i++;
  };
  for (;;) {
    skipSpace();
    if (i >= n) break;
    if (sql[i] !== '(') throw new DumpError(`ตาราง ${table}: ข้อมูลแถวที่ ${tuples.length + 1} รูปแบบไม่ถูกต้อง`);
    i++;
    const tuple: SqlValue[] = [];
    for (;;) {
      skipSpace();
      const c = sql[i];
      if (c === "'" || c === '"') {
        const q = c;
        i++;
        let out = '';
        let seg = i;
        for (;;) {
          if (i >= n) throw new DumpError(`ตาราง ${table}: ข้อความในแถวที่ ${tuples.length + 1} ไม่มีเครื่องหมายปิด`);
          const ch = sql[i];
          if (ch === '\\') {
            out += sql.slice(seg, i);
            const e = sql[i + 1] as string;
            out += ESCAPES[e] ?? e;
            i += 2;
            seg = i;
          } else if (ch === q) {
            if (sql[i + 1] === q) {
              out += sql.slice(seg, i + 1);
              i += 2;
              seg = i;
            } else {
              out += sql.slice(seg, i);
              i++;
              break;
            }
          } else i++;
        }
        tuple.push(out);
      } else {
        const start = i;
        while (i < n && sql[i] !== ',' && sql[i] !== ')') i++;
        const raw = sql.slice(start, i).trim();
        if (/^NULL$/i.test(raw)) tuple.push(null);
        else if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(raw)) tuple.push(Number(raw));
        else if (/^_\w+\s*'/.test(raw)) throw new DumpError(`ตาราง ${table}: ไม่รองรับข้อมูลแบบ ${raw.slice(0, 20)}`);
        else tuple.push(raw);
      }
      skipSpace();
      if (sql[i] === ',') {
        i++;
        continue;
      }
      if (sql[i] === ')') {
        i++;
        break;
      }
      throw new DumpError(`ตาราง ${table}: ข้อมูลแถวที่ ${tuples.length + 1} รูปแบบไม่ถูกต้อง`);
    }
    if (tuple.length !== columns.length) {
      throw new DumpError(`ตาราง ${table}: แถวที่ ${tuples.length + 1} มี ${tuple.length} ค่า แต่ตารางมี ${columns.length} คอลัมน์`);
    }
    tuples.push(tuple);
    skipSpace();
    if (sql[i] === ',') i++;
  }
  return { table, columns, tuples };
}

function source(path: string): { stream: Readable; file: ReturnType<typeof createReadStream> } {
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  return { stream: isGzip(path) ? file.pipe(createGunzip()) : file, file };
}

/**
 * Reads the dump at `path` to its end. Throws DumpError (a Thai message) when the file stops
 * in the middle of a statement, when a dump that announces its end (mysqldump's "Dump
 * completed", phpMyAdmin's COMMIT after START TRANSACTION) does not have it, or on bad data.
 */
export async function readDump(path: string, opts: DumpReadOptions): Promise<DumpSummary> {
  const total = statSync(path).size;
  const columns = new Map<string, string[]>();
  const rows = new Map<string, number>();
  let mysqldump = false;
  let completed = false;
  let startedTransaction = false;
  let lastStatementCommit = false;
  let statements = 0;
  let failure: Error | null = null;

  const onStatement = (sql: string): void => {
    if (failure) return;
    statements++;
    const head = sql.trimStart().slice(0, 30).toUpperCase();
    lastStatementCommit = head.startsWith('COMMIT');
    if (head.startsWith('START TRANSACTION') || head.startsWith('BEGIN')) startedTransaction = true;
    if (head.startsWith('CREATE')) {
      const t = createTableColumns(sql);
      if (t && opts.tables.has(t.table)) columns.set(t.table, t.columns);
      return;
    }
    if (!head.startsWith('INSERT') && !head.startsWith('REPLACE')) return;
    const table = insertTable(sql);
    if (!table || !opts.tables.has(table)) return;
    try {
      const parsed = parseInsert(sql, columns.get(table));
      let count = rows.get(table) ?? 0;
      for (const tuple of parsed.tuples) {
        const row: SqlRow = {};
        parsed.columns.forEach((c, k) => {
          row[c] = tuple[k] ?? null;
        });
        count++;
        opts.onRow(table, row, count);
      }
      rows.set(table, count);
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
    }
  };
  const onComment = (text: string): void => {
    if (/MySQL dump|MariaDB dump/i.test(text)) mysqldump = true;
    if (/Dump completed/i.test(text)) completed = true;
  };
  const splitter = new StatementSplitter(onStatement, onComment);
  const decoder = new StringDecoder('utf8');
  const { stream, file } = source(path);
  try {
    for await (const chunk of stream) {
      const buf = chunk as Buffer;
      splitter.push(decoder.write(buf));
      if (failure) break;
      opts.onProgress?.(Math.min(file.bytesRead, total), total);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') {
      throw new DumpError('ไฟล์ .sql.gz ไม่สมบูรณ์ (ถูกตัดหรือเสียหาย) กรุณาสำรองข้อมูลจาก AMSS++ ใหม่');
    }
    throw e;
  } finally {
    stream.destroy();
    file.destroy();
  }
  if (failure) throw failure as Error;
  splitter.push(decoder.end(), true);
  if (failure) throw failure as Error;
  if (splitter.open) {
    throw new DumpError(
      `ไฟล์สำรองข้อมูลสิ้นสุดกลางคำสั่ง${splitter.inString ? ' (กลางข้อความ)' : ''} แสดงว่าไฟล์ถูกตัดหรือคัดลอกมาไม่ครบ กรุณาสำรองข้อมูลจาก AMSS++ ใหม่ทั้งไฟล์`,
    );
  }
  if (statements === 0) throw new DumpError('ไฟล์นี้ไม่มีคำสั่ง SQL (ไม่ใช่ไฟล์สำรองข้อมูลของ MySQL)');
  if (mysqldump && !completed) {
    throw new DumpError('ไฟล์จาก mysqldump ไม่มีบรรทัด "Dump completed" ท้ายไฟล์ แสดงว่าไฟล์ถูกตัด กรุณาสำรองข้อมูลใหม่ทั้งไฟล์');
  }
  if (startedTransaction && !lastStatementCommit) {
    throw new DumpError('ไฟล์จาก phpMyAdmin ไม่มีคำสั่ง COMMIT ท้ายไฟล์ แสดงว่าไฟล์ถูกตัด กรุณาส่งออกข้อมูลใหม่ทั้งไฟล์');
  }
  return { rows, columns, bytes: total };
}
