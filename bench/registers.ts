// The register at the size of a busy office's lifetime: 1,000,000 incoming entries.
// Seeding goes straight through SQL (the FTS triggers still run); the measured operations go
// through the same dispatch as the app (validation, handlers, SQLite with synchronous=FULL).
import type Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createDispatch } from '../src-main/api/dispatch.js';
import { createHandlers } from '../src-main/api/handlers.js';
import { createUserDirect } from '../src-main/users/users.js';
import { openCore, type Core } from '../src-main/core.js';
import { fsyncFloor, fsyncFloorWithNumbers, likeScan, walPagesPer } from './anchors.js';
import { anchorLine, compare, interleaved, report, reportOnce, summarize, timeAsync, type Timing } from './stats.js';

const SIZE = Number(process.env.BENCH_REGISTER_SIZE ?? 1_000_000);
const DIR = join(process.cwd(), 'bench-data', `registers-${SIZE}`);

const SENDERS = ['ศาลากลางจังหวัดเชียงใหม่', 'บ้านพุย', 'บ้านแม่ดูบ', 'ศรีมิตรวิทยา', 'บ้านห่างหลวง', 'บ้านห้วยโด้ง', 'สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน', 'สพป.เชียงใหม่ เขต 3'];
const PHRASES = [
  'การเลื่อนวันหยุดชดเชย', 'วันหยุดราชการ', 'จัดส่งเอกสาร', 'สำเนาหน้าบัญชีธนาคาร', 'ส่งรายงานผล', 'การพานักเรียนไปนอกสถานศึกษา',
  'ข้อมูลจำนวนนักเรียน', 'โรงเรียนในพื้นที่ยากลำบาก', 'ภาคเรียนที่ 2', 'ขออนุญาตเดินทางไปราชการ', 'การย้ายและแต่งตั้งข้าราชการครู',
  'แจ้งกำหนดการประชุม', 'ผู้บริหารสถานศึกษา', 'โครงการอาหารกลางวัน', 'งบประมาณประจำปี', 'การประเมินคุณภาพการศึกษา',
  'ขอความอนุเคราะห์', 'ประชาสัมพันธ์การรับสมัคร', 'การจัดซื้อจัดจ้าง', 'ตรวจสอบภายใน', 'เงินอุดหนุนรายหัว', 'การสอบวัดผลระดับชาติ',
  'กีฬานักเรียน', 'วันครู', 'ลูกเสือเนตรนารี', 'การป้องกันยาเสพติด', 'ความปลอดภัยในสถานศึกษา', 'การนิเทศติดตาม',
];

/**
 * The bench's own letters read like the seeded ones: they become the register's newest rows,
 * which a common 2-character search fills its page from (fixed subjects matching none of the
 * searched words made that search slower with every run).
 */
const letterSubject = (i: number): string => `${PHRASES[i % PHRASES.length]}${PHRASES[(i * 7 + 3) % PHRASES.length]} ครั้งที่ ${i % 97}`;

function seed(core: Core): void {
  const db = core.store.sqlite;
  db.pragma('synchronous = OFF');
  const groups = ['กลุ่มอำนวยการ', 'กลุ่มบริหารการเงินและสินทรัพย์', 'กลุ่มส่งเสริมการจัดการศึกษา', 'กลุ่มนโยบายและแผน', 'กลุ่มบริหารงานบุคคล'];
  const years = [2560, 2561, 2562, 2563, 2564, 2565, 2566];
  const perYear = Math.ceil(SIZE / years.length);
  let rnd = 42;
  const next = (n: number) => {
    rnd = (Math.imul(rnd, 1103515245) + 12345) & 0x7fffffff;
    return rnd % n;
  };
  db.transaction(() => {
    groups.forEach((g, i) => db.prepare('INSERT INTO groups (name, active, sort) VALUES (?, 1, ?)').run(g, i));
    const insertBook = db.prepare("INSERT INTO books (kind, year, next_no, entry_count) VALUES ('incoming', ?, ?, ?)");
    const insert = db.prepare(`INSERT INTO entries (id, book_id, kind, year, register_no, doc_no, doc_date, from_text, to_text, subject,
      group_id, remark, registered_at, registered_on, updated_at, updated_by)
      VALUES (?, ?, 'incoming', ?, ?, ?, ?, ?, 'สำนักงานเขตพื้นที่การศึกษา', ?, ?, 'เอกสารกระดาษ', ?, ?, ?, 'bench')`);
    let done = 0;
    for (const year of years) {
      const count = Math.min(perYear, SIZE - done);
      if (count <= 0) break;
      const bookId = Number(insertBook.run(year, count + 1, count).lastInsertRowid);
      const gYear = year - 543;
      for (let n = 1; n <= count; n++) {
        const day = 1 + Math.floor(((n - 1) * 365) / count);
        const date = new Date(Date.UTC(gYear, 0, day)).toISOString().slice(0, 10);
        const subject = `${PHRASES[next(PHRASES.length)]}${PHRASES[next(PHRASES.length)]} ครั้งที่ ${n % 97}`;
        const at = `${date}T09:00:00+07:00`;
        insert.run(
          `00000000-0000-4000-8000-${String(done + n).padStart(12, '0')}`,
          bookId, year, n, `ที่ ศธ 04051.${next(999)}/${n}`, date, SENDERS[next(SENDERS.length)], subject, 1 + next(groups.length), at, date, at,
        );
      }
      done += count;
    }
  })();
  db.pragma('synchronous = FULL');
  db.exec('ANALYZE');
}

/** The 1,000,000-entry register folder, seeded on first use (shared with bench/startup.ts). */
export function seededRegisterDir(): string {
  if (existsSync(join(DIR, 'register.sqlite'))) return DIR;
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const core = openCore({ dataDir: DIR, now: () => new Date('2024-06-03T10:00:00+07:00') });
  const t0 = performance.now();
  seed(core);
  reportOnce(`seed ${SIZE.toLocaleString('en-US')} incoming entries (once, cached in bench-data/)`, performance.now() - t0);
  core.close();
  return DIR;
}

/**
 * Where a registration's time goes: every better-sqlite3 statement call timed (COMMIT apart,
 * which holds the WAL writes and the fsync), the rest of the call is JavaScript. Measured in
 * rounds of its own, as the wrapping costs a little.
 */
async function whereTheTimeGoes(db: Database.Database, pause: () => void, create: (i: number) => Promise<unknown>): Promise<void> {
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<'run' | 'get' | 'all', (...a: unknown[]) => unknown>;
  const original = { run: proto.run, get: proto.get, all: proto.all };
  let commit = 0;
  let other = 0;
  for (const m of ['run', 'get', 'all'] as const) {
    proto[m] = function (this: Database.Statement, ...args: unknown[]) {
      const t0 = performance.now();
      try {
        return original[m].apply(this, args);
      } finally {
        const ms = performance.now() - t0;
        if (this.source === 'COMMIT') commit += ms;
        else other += ms;
      }
    };
  }
  const parts = { total: [] as number[], commit: [] as number[], sql: [] as number[], js: [] as number[] };
  try {
    for (let i = 0; i < 200; i++) {
      pause();
      commit = 0;
      other = 0;
      const t0 = performance.now();
      await create(i);
      const total = performance.now() - t0;
      parts.total.push(total);
      parts.commit.push(commit);
      parts.sql.push(other);
      parts.js.push(total - commit - other);
    }
  } finally {
    Object.assign(proto, original);
  }
  const m = (k: keyof typeof parts) => summarize(parts[k]).median.toFixed(2);
  console.log(`  where it goes (medians of 200, timed apart): COMMIT ${m('commit')} ms (WAL writes, fsync, index flush), other SQL ${m('sql')} ms, JavaScript ${m('js')} ms, of ${m('total')} ms`);
}

export async function run(): Promise<void> {
  const fresh = !existsSync(join(DIR, 'register.sqlite'));
  if (fresh) {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
  }
  // The clock sits in a year after the seeded ones, so registering opens a fresh book.
  const core = openCore({ dataDir: DIR, now: () => new Date('2024-06-03T10:00:00+07:00') });
  if (fresh) {
    const t0 = performance.now();
    seed(core);
    reportOnce(`seed ${SIZE.toLocaleString('en-US')} incoming entries (once, cached in bench-data/)`, performance.now() - t0);
  }
  // Every call runs as a logged-in user (src-shared/permissions.ts): the bench's own admin.
  const dispatch = createDispatch(core, createHandlers(core));
  const admin =
    core.store.raw<{ id: number }>('SELECT id FROM users WHERE username = ?', ['bench'])[0]?.id ??
    (await createUserDirect(core, { username: 'bench', displayName: 'bench', role: 'admin', canSeeSecret: true, password: 'bench-password' })).id;
  const session = core.sessions.create(admin).id;
  const call = (m: string, input: unknown) => dispatch(m, input, { sessionId: session });
  const must = async (m: string, input: unknown) => {
    const r = await call(m, input);
    if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
    return r.value;
  };

  // The seed ran ANALYZE; an index a later migration added has no statistics, and with the
  // others' statistics the planner took it for the incoming list (entries_sent_order and a
  // temporary sort of a year's rows). Give every index its statistics, as the seed did.
  const db = core.store.sqlite;
  const unanalysed = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'entries' AND sql IS NOT NULL AND name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)")
    .all() as { name: string }[];
  for (const { name } of unanalysed) db.exec(`ANALYZE "${name}"`);
  // Outgoing numbers need the office's prefix (the first-run setup); a register seeded before that existed has none.
  if (core.store.getMeta('office') === undefined) {
    await must('office.save', { name: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 5', shortName: 'สพป.ชม.5', documentPrefix: 'ศธ04051', certificatePattern: 'สพป.ชม.5 {n:4}/{year}' });
  }
  const total = (await must('entries.list', { kind: 'incoming' })) as { total: number };
  console.log(`register size: ${total.total.toLocaleString('en-US')} incoming entries`);

  // Warm-up, not counted: the first calls of a run prepare statements, JIT-compile the
  // handlers and pull the index pages of a 1M-entry file into the OS cache.
  const warm = (i: number) => must('entries.create', {
    kind: 'incoming', from: 'บ้านพุย', to: 'สำนักงานเขตพื้นที่การศึกษา', docNo: `อุ่นเครื่อง/${i}`,
    docDate: '2024-06-03', subject: letterSubject(i), groupId: 1, remark: 'เอกสารกระดาษ',
  });
  for (let i = 0; i < 50; i++) await warm(i);

  // Each figure beside its anchor, measured in the same rounds (bench/anchors.ts). A clerk types
  // between two letters: before each timed registration, the work the register does in such a
  // pause (merging the search index, the checkpoint that starts the WAL over) is done, untimed.
  // The back-to-back figure below is the other case: letters with no pause at all between them.
  const create = (i: number) => must('entries.create', {
    kind: 'incoming', from: 'บ้านพุย', to: 'สำนักงานเขตพื้นที่การศึกษา', docNo: `ที่ ศธ 04051.1/${i}`,
    docDate: '2024-06-03', subject: letterSubject(i), groupId: 1, remark: 'เอกสารกระดาษ',
  });
  const pause = () => core.store.idleNow();
  const pages = await walPagesPer(core.store.sqlite, 20, create);
  const floor = fsyncFloor(DIR);
  const samePages = fsyncFloor(DIR, Math.round(pages));
  const writeSet = fsyncFloorWithNumbers(DIR, Math.round(pages));
  for (let i = 0; i < 50; i++) {
    floor.sample();
    samePages.sample();
    await writeSet.sample();
  }
  const registering = await interleaved(300, {
    floor: () => floor.sample(),
    pages: () => samePages.sample(),
    writeSet: () => writeSet.sample(),
    pause,
    create,
    pause2: pause,
    outgoing: (i) => must('entries.create', {
      kind: 'outgoing', from: 'สพป.เชียงใหม่ เขต 5', to: 'ผู้อำนวยการโรงเรียนบ้านพุย', docDate: '2024-06-03',
      subject: letterSubject(i + 1), groupId: 1, circular: i % 10 === 0,
    }),
  });
  const backToBack = await interleaved(300, { floor: () => floor.sample(), create: (i) => create(1000 + i) });
  floor.close();
  samePages.close();
  writeSet.close();
  anchorLine('fsync floor (one-row WAL commit, synchronous=FULL)', registering.floor);
  compare('register one incoming entry (entries.create)', registering.create, registering.floor, 'floor', 2);
  compare('register one outgoing entry (1 in 10 a circular)', registering.outgoing, registering.floor, 'floor', 2);
  compare(`  its ${pages.toFixed(1)} WAL pages alone (a bare commit of as many)`, registering.pages, registering.floor, 'floor');
  compare('  the same with the numbers file flushed beside it', registering.writeSet, registering.floor, 'floor');
  compare('  back to back, no pause between letters', backToBack.create, backToBack.floor, 'floor');
  await whereTheTimeGoes(core.store.sqlite, pause, (i) => create(2000 + i));

  report('load the first page (20 rows)', await timeAsync(200, async () => void (await must('entries.list', { kind: 'incoming' }))), 10);
  report('load page 500 (20 rows)', await timeAsync(100, async () => void (await must('entries.list', { kind: 'incoming', page: 500 }))), 10);
  report('load a page filtered by group', await timeAsync(100, async () => void (await must('entries.list', { kind: 'incoming', groupId: 3 }))), 10);

  // Every search shape, each round beside one LIKE scan of the same rows, on a register at rest
  // (the back-to-back letters above left their search-index segments for the next pause to merge).
  core.store.idleNow();
  const words = ['วันหยุด', 'อาหารกลางวัน', 'ยากลำบาก', 'ลูกเสือ', 'ประชุม'];
  const like = likeScan(core.store.sqlite);
  const list = (field: string, q: string) => must('entries.list', { kind: 'incoming', field, q });
  const searching = await interleaved(20, {
    like: (i) => like(words[i % words.length] as string),
    subject: async (i) => {
      for (let k = 0; k < 5; k++) await list('subject', words[(i + k) % words.length] as string);
    },
    all: async (i) => {
      for (let k = 0; k < 5; k++) await list('all', words[(i + k) % words.length] as string);
    },
    rare: async (i) => {
      for (let k = 0; k < 5; k++) await list('docNo', `04051.${100 + ((i * 5 + k) % 800)}/`);
    },
    trigram: async (i) => {
      for (let k = 0; k < 5; k++) await list('subject', ['ครู', 'วัน', 'ลูก'][(i + k) % 3] as string);
    },
    short: async (i) => {
      for (let k = 0; k < 5; k++) await list('subject', ['ครู', 'วัน', 'ลูก'][(i + k) % 3]?.slice(0, 2) as string);
    },
  });
  anchorLine("LIKE '%…%' count over 1,000,000 subjects", searching.like);
  // Five searches a round: a search's figure is a fifth of its round.
  const per5 = (t: Timing): Timing => ({ median: t.median / 5, p95: t.p95 / 5, runs: t.runs * 5 });
  compare('search a Thai substring in เรื่อง (page + count)', per5(searching.subject), searching.like, 'LIKE scan', 1 / 50);
  compare('search a Thai substring in all fields', per5(searching.all), searching.like, 'LIKE scan', 1 / 50);
  compare('search a rare substring (sender number)', per5(searching.rare), searching.like, 'LIKE scan', 1 / 50);
  compare('search a 3-character query (one trigram)', per5(searching.trigram), searching.like, 'LIKE scan', 1 / 50);
  compare('search a 2-character query (LIKE, common)', per5(searching.short), searching.like, 'LIKE scan', 1 / 50);
  const rareShort = await interleaved(5, { like: () => like('ฎฐ'), short: () => list('subject', 'ฎฐ') });
  compare('search a 2-character query (LIKE, in no row)', rareShort.short, rareShort.like, 'LIKE scan', 1 / 50);

  // Bulk certificates.
  const names = Array.from({ length: 1000 }, (_, i) => `เด็กหญิงนักเรียน ตัวอย่าง คนที่ ${i + 1}`);
  const bulk = { subject: 'ค่ายวิทยาศาสตร์ ประจำปี 2567', docDate: '2024-06-03', signer: 'ผู้อำนวยการ', recipients: names };
  report('preview a bulk of 1,000 certificates', await timeAsync(5, async () => void (await must('certificates.previewBulk', bulk))));
  report('issue a bulk of 1,000 certificates (one transaction)', await timeAsync(5, async () => void (await must('certificates.issueBulk', bulk))), 1000);
  core.close();
}
