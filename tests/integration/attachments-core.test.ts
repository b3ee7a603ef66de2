// Attachments on real files in a real data folder: refusals, deduplication, versions and
// history, path safety, the check and the sweep.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blobPath } from '../../src-main/attachments/blobFiles.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS, type StagedFile } from '../../src-shared/attachmentSchemas.js';
import type { ApiError } from '../../src-shared/result.js';
import { openTestApp, tempDir, type TestApp } from '../support/core.js';
import { docxBytes, exeBytes, jpegBytes, oleBytes, pdfBytes, rarBytes, xlsxBytes, zipBytes } from './attachments-files.js';

let app: TestApp | undefined;
afterEach(() => app?.dispose());

const incoming = { kind: 'incoming' as const, from: 'ศาลากลางจังหวัดเชียงใหม่', to: 'สพป.เชียงใหม่ เขต 3', docDate: '2023-11-16', subject: 'ส่งสำเนาหนังสือ' };

async function stageResult(a: TestApp, name: string, bytes: Buffer): Promise<{ ok: true; value: StagedFile } | { ok: false; error: ApiError }> {
  const begun = await a.call('attachments.stageBegin', { name, size: bytes.length });
  if (!begun.ok) return begun;
  const { uploadId, chunkBytes } = begun.value;
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    const r = await a.call('attachments.stageChunk', { uploadId, offset, data: bytes.subarray(offset, offset + chunkBytes).toString('base64') });
    if (!r.ok) return r;
  }
  return a.call('attachments.stageFinish', { uploadId });
}

async function stage(a: TestApp, name: string, bytes: Buffer): Promise<StagedFile> {
  const r = await stageResult(a, name, bytes);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value;
}

/** Every file stored under attachments/<ab>/ (not the temp folder). */
function storedFiles(dataDir: string): string[] {
  const root = join(dataDir, 'attachments');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .flatMap((d) => readdirSync(join(root, d)).map((f) => join(root, d, f)));
}

const rows = (a: TestApp, sql: string) => a.core.store.raw<Record<string, unknown>>(sql);

describe('what is refused, with a Thai message, and nothing saved', () => {
  it('refuses a renamed program, content that does not match its extension, an empty file, bad names and an oversized file', async () => {
    app = openTestApp();
    const a = app;
    const cases: [string, Buffer, RegExp][] = [
      ['ประกาศ.pdf', exeBytes(), /โปรแกรม/],
      ['setup.exe', exeBytes(), /ชนิดที่แนบไม่ได้/],
      ['รูปถ่าย.pdf', jpegBytes(), /ไม่ใช่ไฟล์ PDF/],
      ['สแกน.jpg', pdfBytes(), /ไม่ใช่ไฟล์ JPG/],
      ['ตาราง.xlsx', docxBytes(), /ไม่ใช่เอกสาร Excel/],
      ['หนังสือ.docx', await xlsxBytes(), /ไม่ใช่เอกสาร Word/],
      ['archive.docx', zipBytes({ 'readme.txt': 'hello' }), /ไม่ใช่เอกสาร Word/],
      ['เก่า.doc', pdfBytes(), /ไม่ใช่ไฟล์ DOC/],
      ['ว่าง.pdf', Buffer.alloc(0), /ว่างเปล่า/],
      ['../../evil.pdf', pdfBytes(), /เครื่องหมายที่ใช้ไม่ได้/],
      ['sub\\file.pdf', pdfBytes(), /เครื่องหมายที่ใช้ไม่ได้/],
      ['CON.pdf', pdfBytes(), /ชื่อสงวนของ Windows/],
      ['lpt1.docx', docxBytes(), /ชื่อสงวนของ Windows/],
      ['ไม่มีนามสกุล', pdfBytes(), /ชนิดที่แนบไม่ได้/],
    ];
    for (const [name, bytes, message] of cases) {
      const r = await stageResult(a, name, bytes);
      expect(r.ok, name).toBe(false);
      if (!r.ok) {
        expect(r.error.message, name).toMatch(message);
        expect(r.error.code).toBe('invalid_input');
      }
    }
    // Over the admin's limit: declared size refused up front; the default limit is 20 MB.
    expect((await a.must('office.attachmentSettings', {})).maxSizeMb).toBe(ATTACHMENT_LIMITS.defaultMaxSizeMb);
    await a.must('office.saveAttachmentSettings', { maxSizeMb: 1, scanFolder: '' });
    const big = pdfBytes('big', 1_300_000);
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const r = await stageResult(a, 'ใหญ่.pdf', big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/เกินขนาดที่กำหนดไว้ \(1 MB\)/);
    // A client that lies about the size is stopped at the first byte past it.
    const begun = await a.must('attachments.stageBegin', { name: 'โกหก.pdf', size: 10 });
    const lie = await a.call('attachments.stageChunk', { uploadId: begun.uploadId, offset: 0, data: big.subarray(0, 100).toString('base64') });
    expect(lie.ok).toBe(false);

    // Nothing was saved: no stored file, no row, no temp file left behind.
    expect(storedFiles(a.dataDir)).toEqual([]);
    expect(readdirSync(join(a.dataDir, 'attachments', 'tmp'))).toEqual([]);
    expect(rows(a, 'SELECT * FROM blobs')).toEqual([]);
    // And an entry naming an unknown staged file is refused whole: no entry, no number used.
    const refused = await a.call('entries.create', { ...incoming, attachments: [{ stagedId: '00000000-0000-4000-8000-000000000001' }] });
    expect(refused.ok).toBe(false);
    expect(rows(a, 'SELECT * FROM entries')).toEqual([]);
  });

  it('accepts each allowed type by content and stores it under attachments/<ab>/<sha256>', async () => {
    app = openTestApp();
    const files: [string, Buffer, string][] = [
      ['หนังสือ.pdf', pdfBytes(), 'application/pdf'],
      ['รูป.JPG', jpegBytes(), 'image/jpeg'],
      ['รูป2.jpeg', jpegBytes(2), 'image/jpeg'],
      ['ภาพ.gif', Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(50, 1)]), 'image/gif'],
      ['ตาราง.xlsx', await xlsxBytes(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['บันทึก.docx', docxBytes(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['เก่า.doc', oleBytes(), 'application/msword'],
      ['เก่า.xls', oleBytes(), 'application/vnd.ms-excel'], // same bytes as the .doc: one stored copy
      ['รวม.zip', zipBytes({ 'a.txt': 'ก' }), 'application/zip'],
      ['รวม.rar', rarBytes(), 'application/vnd.rar'],
    ];
    for (const [name, bytes, mime] of files) {
      const s = await stage(app, name, bytes);
      expect(s.name).toBe(name);
      expect(s.size).toBe(bytes.length);
      expect(s.mimeType).toBe(mime);
      const path = blobPath(app.dataDir, s.sha256);
      expect(readFileSync(path).equals(bytes)).toBe(true);
    }
  });
});

describe('attaching to entries', () => {
  it('stores one copy however many entries use a file, with name, type, size and hash committed with the entry', async () => {
    app = openTestApp();
    const pdf = pdfBytes('same scan');
    const s1 = await stage(app, 'ฉบับที่ 1.pdf', pdf);
    const s2 = await stage(app, 'ฉบับที่ 2.pdf', pdf);
    const jpg = await stage(app, 'รูป.jpg', jpegBytes());
    expect(s1.sha256).toBe(s2.sha256);
    const e1 = await app.must('entries.create', { ...incoming, attachments: [{ stagedId: s1.stagedId, description: 'หนังสือต้นเรื่อง' }, { stagedId: jpg.stagedId }] });
    const e2 = await app.must('entries.create', { ...incoming, subject: 'เรื่องที่สอง', attachments: [{ stagedId: s2.stagedId }] });
    expect(e1.attachments).toEqual([
      { sha256: s1.sha256, size: pdf.length, name: 'ฉบับที่ 1.pdf', mimeType: 'application/pdf', description: 'หนังสือต้นเรื่อง', position: 1 },
      { sha256: jpg.sha256, size: jpg.size, name: 'รูป.jpg', mimeType: 'image/jpeg', description: '', position: 2 },
    ]);
    expect(e2.attachments.map((x) => x.name)).toEqual(['ฉบับที่ 2.pdf']);
    expect(storedFiles(app.dataDir)).toHaveLength(2);
    expect(rows(app, 'SELECT count(*) AS n FROM blobs')).toEqual([{ n: 2 }]);
    expect(rows(app, 'SELECT count(*) AS n FROM entry_attachments')).toEqual([{ n: 3 }]);
    // The list and the details carry the files; the outbox snapshot carries them for sync.
    // The list page's files come from one lookup on the partial index, not a scan.
    const plan = app.core.store.raw<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT a.entry_id FROM entry_attachments a JOIN blobs b ON b.sha256 = a.sha256
       WHERE a.entry_id IN (SELECT value FROM json_each(?)) AND a.version_to IS NULL`,
      ['[]'],
    );
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/USING INDEX entry_attachments_current/);
    const list = await app.must('entries.list', { kind: 'incoming' });
    expect(list.rows.find((r) => r.id === e1.id)?.attachments).toHaveLength(2);
    const payload = JSON.parse(String(rows(app, `SELECT payload FROM outbox ORDER BY seq LIMIT 1`)[0]?.payload)) as { entry: { attachments: { sha256: string }[] } };
    expect(payload.entry.attachments.map((x) => x.sha256)).toEqual([s1.sha256, jpg.sha256]);
    // Read back for viewing: the same bytes.
    const content = await app.must('attachments.read', { sha256: s1.sha256 });
    expect(Buffer.from(content.base64, 'base64').equals(pdf)).toBe(true);
  });

  it('refuses a sixth file', async () => {
    app = openTestApp();
    const staged = [];
    for (let i = 0; i < 6; i++) staged.push(await stage(app, `ไฟล์${i}.jpg`, jpegBytes(i + 1)));
    const r = await app.call('entries.create', { ...incoming, attachments: staged.map((s) => ({ stagedId: s.stagedId })) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/ไม่เกิน 5 ไฟล์/);
    expect(rows(app, 'SELECT * FROM entries')).toEqual([]);
  });

  it('replacing a file on a saved entry is a new version; the old file stays reachable in the history', async () => {
    app = openTestApp();
    const v1 = await stage(app, 'ร่าง.pdf', pdfBytes('draft'));
    const xls = await stage(app, 'ตาราง.xlsx', await xlsxBytes());
    const e = await app.must('entries.create', { ...incoming, attachments: [{ stagedId: v1.stagedId }, { stagedId: xls.stagedId, description: 'รายชื่อ' }] });
    const v2 = await stage(app, 'ฉบับจริง.pdf', pdfBytes('final'));
    const changed = await app.must('attachments.change', {
      entryId: e.id,
      expectedVersion: 1,
      attachments: [{ stagedId: v2.stagedId }, { sha256: xls.sha256, description: 'รายชื่อ' }],
    });
    expect(changed.version).toBe(2);
    expect(changed.attachments.map((x) => x.name)).toEqual(['ฉบับจริง.pdf', 'ตาราง.xlsx']);
    const details = await app.must('entries.get', { id: e.id });
    expect(details.versions[1]?.diff.attachments).toEqual(['1. ร่าง.pdf, 2. ตาราง.xlsx (รายชื่อ)', '1. ฉบับจริง.pdf, 2. ตาราง.xlsx (รายชื่อ)']);
    const history = await app.must('attachments.history', { entryId: e.id });
    expect(history.map((h) => [h.name, h.position, h.versionFrom, h.versionTo])).toEqual([
      ['ร่าง.pdf', 1, 1, 2],
      ['ตาราง.xlsx', 2, 1, null],
      ['ฉบับจริง.pdf', 1, 2, null],
    ]);
    expect(Buffer.from((await app.must('attachments.read', { sha256: v1.sha256 })).base64, 'base64').toString('latin1')).toContain('draft');
    // A stale form cannot overwrite the newer version.
    const stale = await app.call('attachments.change', { entryId: e.id, expectedVersion: 1, attachments: [] });
    expect(stale.ok && stale.value).toBe(false);
    // An ordinary edit that leaves attachments out keeps them; one that sends the same list makes no version.
    const edited = await app.must('entries.update', { id: e.id, expectedVersion: 2, fields: { ...incoming, subject: 'แก้เรื่อง' } });
    expect(edited.version).toBe(3);
    expect(edited.attachments).toHaveLength(2);
    const same = await app.must('attachments.change', {
      entryId: e.id,
      expectedVersion: 3,
      attachments: edited.attachments.map((x) => ({ sha256: x.sha256, description: x.description })),
    });
    expect(same.version).toBe(3);
    // The history rows cannot be rewritten or deleted.
    expect(() => app?.core.store.sqlite.prepare('DELETE FROM entry_attachments').run()).toThrow(/keeps every version/);
  });
});

describe('paths the renderer cannot steer', () => {
  it('reads and exports only by sha256 of a file the entry has, into the exports folder', async () => {
    app = openTestApp();
    const s = await stage(app, 'หนังสือ.pdf', pdfBytes());
    const e = await app.must('entries.create', { ...incoming, attachments: [{ stagedId: s.stagedId }] });
    expect((await app.call('attachments.read', { sha256: '../../register.sqlite' } as never)).ok).toBe(false);
    expect((await app.call('attachments.read', { sha256: 'a'.repeat(64) })).ok).toBe(false);
    const other = await app.must('entries.create', { ...incoming, subject: 'อื่น' });
    expect((await app.call('attachments.exportCopy', { entryId: other.id, sha256: s.sha256 })).ok).toBe(false);
    const copy = await app.must('attachments.exportCopy', { entryId: e.id, sha256: s.sha256 });
    expect(copy.opened).toBe(false); // no system opener in the browser host
    expect(copy.path.startsWith(join(app.dataDir, 'exports'))).toBe(true);
    expect(copy.path.endsWith('หนังสือ.pdf')).toBe(true);
    // The copy is a copy: changing it leaves the stored original intact.
    writeFileSync(copy.path, 'scribbled');
    expect((await app.must('attachments.verify', {})).okCount).toBe(1);
  });

  it('stages from the scan folder by bare file name only, and lists what the scanner dropped', async () => {
    app = openTestApp();
    const scan = tempDir('saraban-scan-');
    const outside = tempDir('saraban-outside-');
    writeFileSync(join(scan, 'scan_0001.pdf'), pdfBytes('scan 1'));
    writeFileSync(join(scan, 'notes.txt'), 'x');
    writeFileSync(join(outside, 'secret.pdf'), pdfBytes('secret'));
    symlinkSync(join(outside, 'secret.pdf'), join(scan, 'link.pdf'));
    mkdirSync(join(scan, 'sub'));
    writeFileSync(join(scan, 'sub', 'deep.pdf'), pdfBytes('deep'));
    const none = await app.must('attachments.scanFolderList', {});
    expect(none.configured).toBe(false);
    await app.must('office.saveAttachmentSettings', { maxSizeMb: 20, scanFolder: scan });
    const listing = await app.must('attachments.scanFolderList', {});
    // Plain files only: not the sub-folder, not the link pointing out of the folder.
    expect(listing.files.map((f) => f.name).sort()).toEqual(['notes.txt', 'scan_0001.pdf']);
    expect(listing.files.find((f) => f.name === 'notes.txt')?.problem).toMatch(/ชนิดที่แนบไม่ได้/);
    const staged = await app.must('attachments.stageFromScanFolder', { name: 'scan_0001.pdf' });
    expect(staged.mimeType).toBe('application/pdf');
    for (const name of ['../' + join(outside, 'secret.pdf').split('/').pop(), 'sub/deep.pdf', 'link.pdf', join(outside, 'secret.pdf')]) {
      const r = await app.call('attachments.stageFromScanFolder', { name });
      expect(r.ok, name).toBe(false);
    }
    const e = await app.must('entries.create', { ...incoming, attachments: [{ stagedId: staged.stagedId, description: 'สแกน' }] });
    expect(e.attachments[0]?.name).toBe('scan_0001.pdf');
    // The scanner's file is left where it was.
    expect(existsSync(join(scan, 'scan_0001.pdf'))).toBe(true);
    rmSync(scan, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
});

describe('the check and the sweep', () => {
  it('finds a damaged and a missing file and names the entries that use them', async () => {
    app = openTestApp();
    const a = await stage(app, 'ก.pdf', pdfBytes('a'));
    const b = await stage(app, 'ข.jpg', jpegBytes());
    const c = await stage(app, 'ค.xlsx', await xlsxBytes());
    const e = await app.must('entries.create', { ...incoming, attachments: [a, b, c].map((s) => ({ stagedId: s.stagedId })) });
    expect(await app.must('attachments.verify', {})).toMatchObject({ checked: 3, okCount: 3, missing: [], damaged: [] });
    const pathA = blobPath(app.dataDir, a.sha256);
    const bytes = readFileSync(pathA);
    bytes[20] = (bytes[20] ?? 0) ^ 0xff;
    writeFileSync(pathA, bytes);
    rmSync(blobPath(app.dataDir, b.sha256));
    const report = await app.must('attachments.verify', {});
    expect(report.okCount).toBe(1);
    expect(report.damaged.map((d) => d.sha256)).toEqual([a.sha256]);
    expect(report.missing.map((d) => d.sha256)).toEqual([b.sha256]);
    expect(report.damaged[0]?.entries).toEqual([{ entryId: e.id, kind: 'incoming', year: e.year, registerNo: e.registerNo, name: 'ก.pdf' }]);
    // Opening a damaged file is refused rather than showing the wrong content.
    const read = await app.call('attachments.read', { sha256: a.sha256 });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.message).toMatch(/เสียหาย/);
  });

  it('sweeps files no entry references only after the grace period', async () => {
    app = openTestApp();
    const kept = await stage(app, 'ใช้.pdf', pdfBytes('used'));
    const e = await app.must('entries.create', { ...incoming, attachments: [{ stagedId: kept.stagedId }] });
    const copy = await app.must('attachments.exportCopy', { entryId: e.id, sha256: kept.sha256 });
    const orphan = await stage(app, 'ไม่ได้บันทึก.pdf', pdfBytes('never saved'));
    expect(storedFiles(app.dataDir)).toHaveLength(2);
    expect(await app.must('attachments.sweep', {})).toMatchObject({ removedFiles: 0, keptRecent: 1 });
    // File times are the machine's: move the register's clock past the grace period from now.
    app.clock.now = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    expect(await app.must('attachments.sweep', { graceDays: 7 })).toMatchObject({ removedFiles: 1 });
    expect(storedFiles(app.dataDir).map((p) => p.split('/').pop())).toEqual([kept.sha256]);
    expect(existsSync(copy.path)).toBe(false); // old exported copies go too
    expect(orphan.sha256).not.toBe(kept.sha256);
    expect((await app.must('attachments.verify', {})).okCount).toBe(1);
  });
});

describe('secret documents', () => {
  it('a user without the secret right cannot list, read, export or see the history of a secret entry files', async () => {
    app = openTestApp();
    const s = await stage(app, 'ลับมาก.pdf', pdfBytes('secret content'));
    const e = await app.must('entries.create', { ...incoming, secrecy: 'secret', attachments: [{ stagedId: s.stagedId }] });
    expect(e.attachments).toHaveLength(1); // the admin has the secret right
    const clerk = await app.asUser('clerk', { canSeeSecret: false });
    const details = await clerk.must('entries.get', { id: e.id });
    expect(JSON.stringify(details)).not.toContain('ลับมาก.pdf');
    const list = await clerk.must('entries.list', { kind: 'incoming' });
    expect(JSON.stringify(list)).not.toContain('ลับมาก.pdf');
    for (const r of [
      await clerk.call('attachments.read', { sha256: s.sha256 }),
      await clerk.call('attachments.exportCopy', { entryId: e.id, sha256: s.sha256 }),
      await clerk.call('attachments.history', { entryId: e.id }),
    ]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('forbidden');
    }
    // A file also attached to an ordinary entry stays readable through that entry.
    const again = await stage(app, 'สำเนาทั่วไป.pdf', pdfBytes('secret content'));
    await app.must('entries.create', { ...incoming, subject: 'ไม่ลับ', attachments: [{ stagedId: again.stagedId }] });
    expect((await clerk.call('attachments.read', { sha256: s.sha256 })).ok).toBe(true);
  });
});
