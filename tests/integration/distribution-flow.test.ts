// รับส่งหนังสือราชการ against a real server process: the office sends an outgoing letter (with its
// file) to two schools; school A receives it into its incoming register with the next number;
// the office sees the receipt; school B was offline and receives later. Reading rules, the bad
// inputs of the compose form, idempotent ลงรับ, withdrawal, and the pull cursor that stops at an
// item kind it does not understand.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { TOP_SECRET_REFUSAL } from '../../src-shared/distributionSchemas.js';
import type { Entry } from '../../src-shared/domain.js';
import { pendingCount } from '../../src-main/sync/outbox.js';
import { applyPull, readState } from '../../src-main/sync/syncState.js';
import { receive, withdraw } from '../../src-main/distribution/service.js';
import { listInbox, overdue, sentDetails } from '../../src-main/distribution/queries.js';
import { DomainError } from '../../src-main/errors.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { api, credentialOf, createOrg, enrol, startServer, type ServerProcess } from '../support/server/centralServer.js';
import { pdfBytes } from './attachments-files.js';
import { addSchool, adminPost, composeInput, officeWithSchools, send, sendFromEntry } from './distribution-support.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});
const track = (f: () => void | Promise<void>) => cleanup.push(f);

async function server(): Promise<ServerProcess> {
  const s = await startServer();
  track(() => s.kill());
  return s;
}

async function outgoingWithFile(app: TestApp, subject: string): Promise<Entry> {
  const bytes = pdfBytes('circular', 50_000);
  const begun = await app.must('attachments.stageBegin', { name: 'หนังสือเชิญประชุม.pdf', size: bytes.length });
  await app.must('attachments.stageChunk', { uploadId: begun.uploadId, offset: 0, data: bytes.toString('base64') });
  const staged = await app.must('attachments.stageFinish', { uploadId: begun.uploadId });
  return app.must('entries.create', {
    kind: 'outgoing',
    from: 'สพป.เชียงใหม่ เขต 5',
    to: 'ผู้อำนวยการโรงเรียนในสังกัด',
    docDate: '2023-11-16',
    subject,
    circular: false,
    attachments: [{ stagedId: staged.stagedId, description: 'หนังสือ' }],
  });
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.message;
    throw e;
  }
  throw new Error('not refused');
}

const storedCount = (app: TestApp) => {
  const root = join(app.core.dataDir, 'attachments');
  return existsSync(root) ? readdirSync(root).filter((d) => /^[0-9a-f]{2}$/.test(d)).flatMap((d) => readdirSync(join(root, d))).length : 0;
};

describe('distribution: office to schools through the server', { timeout: 240_000 }, () => {
  it('sends from an outgoing entry, school A receives into its register, the office tracks, school B receives later', async () => {
    const s = await server();
    const { office, schools } = await officeWithSchools(s, 2, track);
    const [a, b] = schools as [Setup['schools'][number], Setup['schools'][number]];
    const entry = await outgoingWithFile(office, 'ขอเชิญประชุมผู้บริหารสถานศึกษา');
    const filesBefore = storedCount(office);
    const { id } = sendFromEntry(office, entry, [a.orgId, b.orgId]);
    expect(storedCount(office)).toBe(filesBefore); // the same file, no second copy
    expect(sentDetails(office.core.store, id).state).toBe('pending'); // รอส่ง until the server has it
    await office.must('sync.now', {});
    expect(sentDetails(office.core.store, id)).toMatchObject({ state: 'sent', recipientCount: 2, receivedCount: 0, docNo: entry.docNo });

    await a.app.must('sync.now', {});
    const inbox = listInbox(a.app.core.store, { archived: false, query: '', offset: 0, limit: 50 });
    expect(inbox.rows.map((r) => [r.subject, r.senderName, r.docNo, r.files.map((f) => f.downloaded)])).toEqual([
      ['ขอเชิญประชุมผู้บริหารสถานศึกษา', 'สพป.เชียงใหม่ เขต 5', entry.docNo, [true]],
    ]);
    // ลงรับ: the next number of the school's incoming book, the file linked, the receipt queued.
    await a.app.must('entries.create', { kind: 'incoming', from: 'อำเภอ', to: 'โรงเรียน', docDate: '2023-11-16', subject: 'หนังสือกระดาษ' });
    const r1 = receive(a.app.core, id);
    expect(r1).toMatchObject({ registerNo: 2, already: false });
    const again = receive(a.app.core, id);
    expect(again).toEqual({ ...r1, already: true });
    const registered = await a.app.must('entries.get', { id: r1.entryId as string });
    expect(registered.entry).toMatchObject({ kind: 'incoming', registerNo: 2, docNo: entry.docNo, from: 'สพป.เชียงใหม่ เขต 5', subject: entry.subject });
    expect(registered.entry.attachments.map((f) => f.sha256)).toEqual(entry.attachments.map((f) => f.sha256));
    await a.app.must('sync.now', {});
    await office.must('sync.now', {});
    const tracked = sentDetails(office.core.store, id);
    expect(tracked.receivedCount).toBe(1);
    expect(tracked.recipients.map((t) => [t.schoolCode, t.registerNo])).toEqual([
      ['50010001', 2],
      ['50010002', null],
    ]);

    // School B was offline for a week: it comes online, receives; the office sees 2/2.
    const weekLater = new Date(office.clock.now.getTime() + 7 * 24 * 3600_000);
    expect(overdue(office.core.store, weekLater).map((o) => o.waiting.map((w) => w.schoolCode))).toEqual([['50010002']]);
    // The follow-up list as xlsx, on the office's own (injected) clock a week later.
    const realNow = office.clock.now;
    office.clock.now = weekLater;
    const xlsx = await office.must('distribution.overdueExport', {});
    office.clock.now = realNow;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const sheetRows = (wb.worksheets[0]?.getSheetValues() ?? []).filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(sheetRows[1]).toEqual([entry.docNo, 'ขอเชิญประชุมผู้บริหารสถานศึกษา', '16 พ.ย. 2566', 7, '50010002', 'โรงเรียนบ้านทดสอบ 2']);
    expect(xlsx.rows).toBe(1);
    await b.app.must('sync.now', {});
    expect(receive(b.app.core, id).registerNo).toBe(1);
    await b.app.must('sync.now', {});
    await b.app.must('sync.now', {}); // a receipt sent twice (a second cycle) is counted once
    await office.must('sync.now', {});
    expect(sentDetails(office.core.store, id).receivedCount).toBe(2);
    expect(overdue(office.core.store, weekLater)).toEqual([]);
    const onServer = await api(s.url, `/v1/distribution/documents/${id}`, { credential: credentialOf(office) });
    expect(onServer.json).toMatchObject({ recipientCount: 2, receivedCount: 2 });

    // Withdrawal after a receipt is refused; nothing changes.
    expect(refusal(() => withdraw(office.core, id, 'ส่งผิด'))).toContain('ลงรับแล้ว 2 แห่ง');
  });

  it('refuses bad compose input in Thai and writes nothing', async () => {
    const s = await server();
    const { office, officeId, schools } = await officeWithSchools(s, 1, track);
    const other = await createOrg(s, 'สพป.ลำพูน เขต 1', 'office');
    const foreign = await addSchool(s, other.orgId, '51010001', 'โรงเรียนต่างเขต');
    void officeId;
    const outboxBefore = pendingCount(office.core.store);
    expect(refusal(() => send(office, composeInput({})))).toBe('กรุณาเลือกสถานศึกษาผู้รับอย่างน้อยหนึ่งแห่ง');
    expect(refusal(() => send(office, composeInput({ schoolCodes: ['99999999'] })))).toContain('ไม่พบรหัสสถานศึกษา 99999999');
    expect(refusal(() => send(office, composeInput({ orgIds: [foreign.orgId] })))).toContain('ไม่อยู่ในทำเนียบของสำนักงาน');
    expect(refusal(() => send(office, composeInput({ schoolCodes: ['50010001'], secrecy: 'top_secret' })))).toBe(TOP_SECRET_REFUSAL);
    expect(() => composeInput({ subject: '   ', schoolCodes: ['50010001'] })).toThrow('กรุณากรอกเรื่อง');
    expect(refusal(() => send(office, composeInput({ schoolCodes: ['50010001'], attachments: [{ stagedId: '00000000-0000-4000-8000-000000000000', description: '' }] })))).toContain('หมดอายุ');
    const wrongType = await office.call('attachments.stageBegin', { name: 'setup.exe', size: 100 });
    expect(wrongType.ok).toBe(false);
    expect(pendingCount(office.core.store)).toBe(outboxBefore);
    expect(office.core.store.raw('SELECT * FROM dist_sent')).toEqual([]);

    // A school sends to its office: allowed; to all government schools: the office's schools.
    const school = schools[0] as Setup['schools'][number];
    await school.app.must('sync.now', {});
    const up = send(school.app, composeInput({ orgIds: [officeId] }));
    await school.app.must('sync.now', {});
    expect(sentDetails(school.app.core.store, up.id).state).toBe('sent');
  });

  it('an organisation reads only what it sent or received; files need a grant through a document', async () => {
    const s = await server();
    const { office, schools } = await officeWithSchools(s, 2, track);
    const [a, b] = schools as [Setup['schools'][number], Setup['schools'][number]];
    const entry = await outgoingWithFile(office, 'เฉพาะโรงเรียน ก');
    const { id } = sendFromEntry(office, entry, [a.orgId]);
    await office.must('sync.now', {});
    const sha = entry.attachments[0]?.sha256 as string;
    expect((await api(s.url, `/v1/distribution/documents/${id}`, { credential: credentialOf(b.app) })).status).toBe(404);
    expect((await api(s.url, `/v1/blobs/${sha}`, { credential: credentialOf(b.app) })).status).toBe(404);
    expect((await api(s.url, `/v1/distribution/documents/${id}`, { credential: credentialOf(a.app) })).json).toMatchObject({ recipients: null });
    expect((await api(s.url, `/v1/blobs/${sha}`, { credential: credentialOf(a.app) })).status).toBe(200);
    // A receipt for a document not addressed to the school is refused like a missing one.
    await b.app.must('sync.now', {});
    expect(listInbox(b.app.core.store, { archived: false, query: '', offset: 0, limit: 10 }).total).toBe(0);
  });

  it('a withdrawal racing a receipt: whichever the server takes first wins, every count exactly once', async () => {
    const s = await server();
    const { office, schools } = await officeWithSchools(s, 2, track);
    const [a, b] = schools as [Setup['schools'][number], Setup['schools'][number]];
    const first = send(office, composeInput({ orgIds: [a.orgId, b.orgId], subject: 'ฉบับที่ถูกถอน' }));
    await office.must('sync.now', {});
    await a.app.must('sync.now', {});
    await b.app.must('sync.now', {});
    // A received offline (receipt waiting); the office withdraws offline; the office syncs first.
    const ra = receive(a.app.core, first.id);
    withdraw(office.core, first.id, 'แนบไฟล์ผิด');
    await office.must('sync.now', {});
    const status = await a.app.must('sync.now', {});
    expect(status.rejected.map((r) => r.reason)).toEqual(['ผู้ส่งยกเลิกการส่งหนังสือฉบับนี้ก่อนที่จะลงรับ การลงรับจึงไม่ถูกนับ']);
    expect(ra.registerNo).toBe(1); // the number was given: it stays in A's register
    await b.app.must('sync.now', {});
    expect(listInbox(b.app.core.store, { archived: false, query: '', offset: 0, limit: 10 }).total).toBe(0); // gone from B's inbox
    expect(listInbox(a.app.core.store, { archived: false, query: '', offset: 0, limit: 10 }).rows[0]?.withdrawnAt).not.toBeNull(); // shown as withdrawn at A
    expect(refusal(() => receive(b.app.core, first.id))).toContain('ยกเลิกการส่ง');
    await office.must('sync.now', {});
    expect(sentDetails(office.core.store, first.id)).toMatchObject({ state: 'withdrawn', receivedCount: 0 });
    const audit = office.core.store.raw<{ action: string }>("SELECT action FROM audit_events WHERE entity = 'distribution' ORDER BY seq");
    expect(audit.map((x) => x.action)).toEqual(['distribution.send', 'distribution.withdraw']);
    expect(a.app.core.store.raw<{ action: string }>("SELECT action FROM audit_events WHERE entity = 'distribution' ORDER BY seq").map((x) => x.action)).toEqual([
      'distribution.receive',
      'distribution.withdrawn',
    ]);

    // The other order: the receipt reaches the server first; the withdrawal is refused.
    const second = send(office, composeInput({ orgIds: [a.orgId, b.orgId], subject: 'ฉบับที่สอง' }));
    await office.must('sync.now', {});
    await b.app.must('sync.now', {});
    receive(b.app.core, second.id);
    withdraw(office.core, second.id, 'เปลี่ยนใจ');
    await b.app.must('sync.now', {});
    const os = await office.must('sync.now', {});
    expect(os.rejected.at(-1)?.reason).toContain('ลงรับหนังสือนี้แล้ว 1 แห่ง');
    await office.must('sync.now', {});
    expect(sentDetails(office.core.store, second.id)).toMatchObject({ state: 'sent', receivedCount: 1 });
  });

  it('two PCs of one school: only the holder of the incoming book receives; the other learns it was received', async () => {
    const s = await server();
    const { office, schools } = await officeWithSchools(s, 1, track);
    const a = schools[0] as Setup['schools'][number];
    const second = openTestApp();
    track(() => second.dispose());
    const c = await adminPost<{ code: string }>(s, '/admin/codes', { orgId: a.orgId });
    await enrol(second, s.url, c.code, 'เครื่องที่สองของโรงเรียน');
    // The first PC holds the incoming book (it registered in it and synced).
    await a.app.must('entries.create', { kind: 'incoming', from: 'อำเภอ', to: 'โรงเรียน', docDate: '2023-11-16', subject: 'เล่มนี้ของเครื่องแรก' });
    await a.app.must('sync.now', {});
    const { id } = send(office, composeInput({ orgIds: [a.orgId] }));
    await office.must('sync.now', {});
    await second.must('sync.listBooks', {});
    await second.must('sync.now', {});
    expect(refusal(() => receive(second.core, id))).toContain('อยู่ที่เครื่องอื่นของโรงเรียน');
    await a.app.must('sync.now', {});
    receive(a.app.core, id);
    await a.app.must('sync.now', {});
    await second.must('sync.now', {});
    expect(receive(second.core, id)).toMatchObject({ registerNo: 2, already: true });
    expect(second.core.store.raw("SELECT id FROM entries WHERE kind = 'incoming'")).toEqual([]);
  });
});

describe('pull cursor and unknown item kinds', () => {
  it('stops before an item kind this version does not understand, and keeps what came before', () => {
    const app = openTestApp();
    track(() => app.dispose());
    const store = app.core.store;
    store.sqlite.prepare('UPDATE sync_state SET pull_cursor = 10 WHERE id = 1').run();
    const stopped = applyPull(
      store,
      [
        { serverSeq: 11, type: 'book', book: { kind: 'incoming', year: 2566, holderDeviceId: 'x', nextNo: 1 } },
        { serverSeq: 12, type: 'message', body: { kind: 'future' } },
        { serverSeq: 13, type: 'book', book: { kind: 'outgoing', year: 2566, holderDeviceId: 'x', nextNo: 1 } },
      ],
      99,
      '2023-11-16T09:00:00',
      'me',
    );
    expect(stopped?.serverSeq).toBe(12);
    expect(readState(store).pull_cursor).toBe(11);
    expect(store.raw('SELECT kind FROM sync_books')).toEqual([{ kind: 'incoming' }]);
  });
});

type Setup = Awaited<ReturnType<typeof officeWithSchools>>;
