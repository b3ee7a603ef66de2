// Secret content never reaches the server in clear: a ลับ/ลับมาก entry goes sealed with the
// office's key (made on the office's first PC, carried by the admin in a passphrase-protected
// key file, never sent to the server), its files as encrypted copies; ลับที่สุด never leaves.
// Checked against a real server process: its database rows and its blob folder, a second PC
// that imports the key and reads the entry and its file back, and a PC without the key.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { blobPath } from '../../src-main/attachments/blobFiles.js';
import { backupFile } from '../../src-main/backup/backups.js';
import { readOfficeKey } from '../../src-main/sync/officeKey.js';
import * as outbox from '../../src-main/sync/outbox.js';
import { SEALED_MAX_BYTES } from '../../src-shared/syncSchemas.js';
import { fetchServerFiles } from '../../src-main/sync/restoreFromServer.js';
import { openServerEntry } from '../../src-main/sync/sealing.js';
import { openServerDb } from '../../src-server/db/open.js';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { api, createOrg, credentialOf, enrol, newCode, serverEntries, startProxy, startServer, type ServerProcess } from '../support/server/centralServer.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function server(): Promise<ServerProcess> {
  const s = await startServer();
  cleanup.push(() => s.kill());
  return s;
}

function device(): TestApp {
  const app = openTestApp();
  cleanup.push(() => app.dispose());
  return app;
}

async function stagePdf(app: TestApp, text: string): Promise<{ stagedId: string; sha256: string; bytes: Buffer }> {
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(text), randomBytes(4096)]);
  const begun = await app.must('attachments.stageBegin', { name: 'ลับ.pdf', size: bytes.length });
  await app.must('attachments.stageChunk', { uploadId: begun.uploadId, offset: 0, data: bytes.toString('base64') });
  const staged = await app.must('attachments.stageFinish', { uploadId: begun.uploadId });
  return { stagedId: staged.stagedId, sha256: staged.sha256, bytes };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('sync: secret entries sealed with the office key', () => {
  it('a ลับ entry and its file reach the server encrypted: neither the server\'s rows nor its blob folder hold the subject or the file; ลับที่สุด never leaves', async () => {
    const s = await server();
    const app = device();
    await enrol(app, s.url, (await createOrg(s, 'สพป.กุญแจลับ')).code);
    // The office's first PC made the key at enrolment and the server knows its id only.
    const key = await app.must('sync.officeKeyStatus', {});
    expect(key).toMatchObject({ hasKey: true, origin: 'generated', enrolled: true });
    expect(key.serverKeyId).toBe(key.keyId);

    const file = await stagePdf(app, 'ไบต์ของไฟล์ลับ-FILE-MARKER-7731');
    const top = await stagePdf(app, 'ไฟล์ลับที่สุด-TOP-MARKER-9902');
    await app.must('entries.create', { ...incoming('เรื่องลับเฉพาะ-SUBJECT-4410'), secrecy: 'secret', remark: 'หมายเหตุลับเฉพาะ', attachments: [{ stagedId: file.stagedId, description: 'คำอธิบายไฟล์ลับเฉพาะ' }] });
    await app.must('entries.create', { ...incoming('เรื่องลับที่สุด-TOP-5521'), secrecy: 'top_secret', attachments: [{ stagedId: top.stagedId, description: 'คำอธิบายลับที่สุด' }] });
    const st = await app.must('sync.now', {});
    expect([st.pending, st.rejected]).toEqual([0, []]);

    const onServer = await serverEntries(s.url, credentialOf(app));
    const sealed = onServer.find((e) => e.registerNo === 1) as Record<string, unknown>;
    const withheld = onServer.find((e) => e.registerNo === 2) as Record<string, unknown>;
    // The public fields are there; the content is one sealed field under the office's key id.
    expect(sealed).toMatchObject({ secrecy: 'secret', kind: 'incoming', year: 2566, contentWithheld: true, sealed: { alg: 'A256GCM', keyId: key.keyId } });
    expect(['subject', 'remark', 'from', 'to'].filter((k) => k in sealed)).toEqual([]);
    const refs = sealed.attachments as { sha256: string; size: number }[];
    expect(refs).toHaveLength(1);
    expect(refs[0]?.sha256).not.toBe(file.sha256);
    expect(Object.keys(refs[0] ?? {}).sort()).toEqual(['sha256', 'size']);
    // ลับที่สุด: public fields only, no sealed content, no file reference.
    expect(withheld).toMatchObject({ secrecy: 'top_secret', contentWithheld: true });
    expect(['sealed', 'attachments', 'subject'].filter((k) => k in withheld)).toEqual([]);
    // The encrypted copy went up; neither file's own bytes did.
    const head = async (sha: string) => {
      const h = await api(s.url, `/v1/blobs/${sha}`, { method: 'HEAD', credential: credentialOf(app) });
      return h.headers.get('upload-complete');
    };
    expect([await head(refs[0]?.sha256 ?? ''), await head(file.sha256), await head(top.sha256)]).toEqual(['1', '0', '0']);

    // The server's own storage, read behind its back once it has stopped.
    await s.stop();
    const markers = ['SUBJECT-4410', 'เรื่องลับเฉพาะ', 'หมายเหตุลับเฉพาะ', 'คำอธิบายไฟล์ลับเฉพาะ', 'FILE-MARKER-7731', 'TOP-5521', 'คำอธิบายลับที่สุด', 'TOP-MARKER-9902'];
    const sdb = await openServerDb({ dataDir: s.dataDir, databaseUrl: s.databaseUrl });
    let dump: string;
    try {
      const { rows: entries } = await sql<{ t: string }>`SELECT data::text AS t FROM entries`.execute(sdb.db);
      const { rows: received } = await sql<{ t: string }>`SELECT payload::text AS t FROM received`.execute(sdb.db);
      expect(entries.length).toBe(2);
      expect(received.length).toBe(2);
      dump = [...entries, ...received].map((r) => r.t).join('\n');
    } finally {
      await sdb.close();
    }
    expect(markers.filter((m) => dump.includes(m) || dump.includes(b64(m)))).toEqual([]);
    expect(dump).not.toContain(file.sha256); // not even the file's hash (it would confirm a guess)
    const blobs = filesUnder(join(s.dataDir, 'blobs'));
    expect(blobs.length).toBeGreaterThan(0);
    for (const f of blobs) {
      const bytes = readFileSync(f);
      expect([f, markers.filter((m) => bytes.includes(Buffer.from(m))), bytes.includes(file.bytes.subarray(-64))]).toEqual([f, [], false]);
    }
  });

  it('a second PC imports the key file and reads the entry and its file; without the key it shows ลับ; a wrong passphrase or another office\'s file changes nothing', async () => {
    const s = await server();
    const { orgId, code } = await createOrg(s, 'สพป.สองเครื่อง');
    const first = device();
    await enrol(first, s.url, code, 'เครื่องสารบรรณ 1');
    const file = await stagePdf(first, 'เนื้อไฟล์ลับของสำนักงาน');
    const created = await first.must('entries.create', { ...incoming('แจ้งผลการสอบสวนทางวินัย'), secrecy: 'very_secret', remark: 'เฉพาะผู้อำนวยการ', attachments: [{ stagedId: file.stagedId, description: 'รายงานการสอบสวน' }] });
    expect((await first.must('sync.now', {})).pending).toBe(0);

    // Export: a short passphrase or a mistyped second one is refused in Thai.
    const short = await first.call('sync.exportOfficeKey', { password: 'สั้นไป', passwordAgain: 'สั้นไป' });
    expect(short.ok ? null : short.error.message).toContain('อย่างน้อย 10 ตัวอักษร');
    const typo = await first.call('sync.exportOfficeKey', { password: 'รหัสผ่านยาวพอแล้ว', passwordAgain: 'รหัสผ่านยาวพอแลว' });
    expect(typo.ok ? null : typo.error.message).toBe('รหัสผ่านสองช่องไม่ตรงกัน');
    const passphrase = 'ห้องสารบรรณ ชั้น 2 ตู้ที่ 5';
    const keyFile = await first.must('sync.exportOfficeKey', { password: passphrase, passwordAgain: passphrase });
    expect(keyFile.content).not.toContain(passphrase);
    const firstKey = await first.must('sync.officeKeyStatus', {});
    expect(keyFile.fileName).toContain(firstKey.keyId as string);
    // The export is in the audit trail, the passphrase is not.
    const audit = (await first.must('audit.list', { pageSize: 3 })).rows;
    expect(JSON.stringify(audit)).not.toContain(passphrase);
    expect(audit.some((r) => r.entity === 'sync.exportOfficeKey')).toBe(true);

    // A second PC of the office: it finds the key claimed, so it makes none of its own.
    const second = device();
    await enrol(second, s.url, await newCode(s, orgId), 'เครื่องสารบรรณ 2');
    expect(await second.must('sync.officeKeyStatus', {})).toMatchObject({ hasKey: false, keyId: null, serverKeyId: firstKey.keyId });
    // Without the key it reads the entry as ลับ and cannot open its file.
    const rowOnServer = (await serverEntries(s.url, credentialOf(second))).find((e) => e.id === created.id) as Record<string, unknown>;
    const unread = openServerEntry(second.core.store, rowOnServer);
    expect([unread.subject, unread.remark, unread.attachments]).toEqual(['ลับมาก', '', []]);
    expect(await fetchServerFiles(second.core.store, [unread])).toBe(0);

    // A wrong passphrase: a clear Thai error, nothing changed.
    const wrong = await second.call('sync.importOfficeKey', { keyFileBase64: b64(keyFile.content), password: 'ไม่ใช่รหัสนี้แน่นอน' });
    expect(wrong.ok ? null : wrong.error.message).toContain('รหัสผ่านของไฟล์กุญแจไม่ถูกต้อง');
    expect((await second.must('sync.officeKeyStatus', {})).hasKey).toBe(false);
    expect(second.core.store.raw('SELECT * FROM office_key')).toEqual([]);
    // Not a key file at all.
    const junk = await second.call('sync.importOfficeKey', { keyFileBase64: b64('{"hello":1}'), password: passphrase });
    expect(junk.ok ? null : junk.error.message).toContain('ไม่ใช่ไฟล์กุญแจ');

    // The right passphrase: the second PC reads the subject, the remark and the file.
    const imported = await second.must('sync.importOfficeKey', { keyFileBase64: b64(keyFile.content), password: passphrase });
    expect(imported).toMatchObject({ hasKey: true, keyId: firstKey.keyId, origin: 'imported' });
    const read = openServerEntry(second.core.store, rowOnServer);
    expect([read.subject, read.remark, read.attachments.map((a) => [a.sha256, a.description])]).toEqual([
      'แจ้งผลการสอบสวนทางวินัย',
      'เฉพาะผู้อำนวยการ',
      [[file.sha256, 'รายงานการสอบสวน']],
    ]);
    expect(await fetchServerFiles(second.core.store, [read])).toBe(1);
    expect(readFileSync(blobPath(second.dataDir, file.sha256)).equals(file.bytes)).toBe(true);
    // The key is kept sealed by the PC's vault: neither its bytes nor their base64 are in the
    // register file in clear, and a backup has no key at all (the admin's key file carries it).
    const officeKey = readOfficeKey(second.core.store)?.key as Buffer;
    const register = Buffer.concat(['register.sqlite', 'register.sqlite-wal'].map((f) => (existsSync(join(second.dataDir, f)) ? readFileSync(join(second.dataDir, f)) : Buffer.alloc(0))));
    expect([register.includes(officeKey), register.includes(Buffer.from(officeKey.toString('base64')))]).toEqual([false, false]);
    const backup = await second.must('backup.run', {});
    const copy = new Database(backupFile(second.dataDir, backup.name), { readonly: true });
    try {
      expect(copy.prepare('SELECT count(*) AS n FROM office_key').get()).toEqual({ n: 0 });
    } finally {
      copy.close();
    }

    // Another office's PC refuses this office's key file, and keeps none.
    const other = device();
    await enrol(other, s.url, (await createOrg(s, 'โรงเรียนอื่น', 'school')).code);
    const otherKey = await other.must('sync.officeKeyStatus', {});
    const refused = await other.call('sync.importOfficeKey', { keyFileBase64: b64(keyFile.content), password: passphrase });
    expect(refused.ok ? null : refused.error.message).toContain('หน่วยงานอื่น');
    expect((await other.must('sync.officeKeyStatus', {})).keyId).toBe(otherKey.keyId);

    // The first PC enrolled with another organisation: its old office's key is not used there.
    await enrol(first, s.url, (await createOrg(s, 'สพป.ที่ย้ายไป')).code);
    const moved = await first.must('sync.officeKeyStatus', {});
    expect([moved.hasKey, moved.keyId === firstKey.keyId, moved.serverKeyId === moved.keyId]).toEqual([true, false, true]);
  });

  it('the server checks the sealed field\'s shape item by item and stores a good one as it came', async () => {
    const s = await server();
    const app = device();
    await enrol(app, s.url, (await createOrg(s, 'สพป.ตรวจรูปแบบ')).code);
    for (let i = 1; i <= 6; i++) await app.must('entries.create', { ...incoming(`ลับ ${i}`), secrecy: 'secret' });
    type Item = ReturnType<typeof outbox.toPushItems>[number] & { payload: { entry: Record<string, unknown> & { sealed: Record<string, string> } } };
    const items = outbox.toPushItems(outbox.pendingBatch(app.core.store, 100)) as Item[];
    const entry = (i: number) => (items[i] as Item).payload.entry;
    expect(items.every((it) => it.payload.entry.sealed.alg === 'A256GCM')).toBe(true);
    entry(1).sealed.ciphertext = 'ไม่ใช่ base64!';
    entry(2).sealed.ciphertext = 'A'.repeat(Math.ceil(SEALED_MAX_BYTES / 3) * 4 + 4);
    entry(3).subject = 'เนื้อหาที่ไม่ควรมากับรายการเข้ารหัส';
    entry(4).sealed.iv = Buffer.alloc(16).toString('base64');
    const r = await api(s.url, '/v1/push', { method: 'POST', credential: credentialOf(app), json: { items } });
    expect(r.status).toBe(200);
    const results = r.json.results as { seq: number; status: string; code?: string; reason?: string }[];
    expect(results.map((x) => [x.status, x.code ?? ''])).toEqual([
      ['accepted', ''],
      ['rejected', 'invalid_payload'],
      ['rejected', 'invalid_payload'],
      ['rejected', 'invalid_payload'],
      ['rejected', 'invalid_payload'],
      ['accepted', ''],
    ]);
    expect(results[1]?.reason).toContain('sealed.ciphertext');
    expect(results[3]?.reason).toContain('subject');
    const stored = await serverEntries(s.url, credentialOf(app));
    expect(stored.length).toBe(2);
    expect(stored.map((e) => e.sealed)).toEqual(expect.arrayContaining([entry(0).sealed, entry(5).sealed]));
  });

  for (const withKey of [true, false]) {
    it(withKey
      ? 'a restore after loss reads a sealed entry back from the server with the office key, its file too, and keeps the key'
      : 'a restore on a PC without the office key lists a sealed entry from the server as ลับ, without its file', async () => {
      const s = await server();
      let app = device();
      await enrol(app, s.url, (await createOrg(s, 'สพป.กู้คืนหนังสือลับ')).code);
      await app.must('entries.create', incoming('ก่อนสำรอง'));
      const backup = await app.must('backup.run', {});
      // An old copy of the register file itself (the way restore-server.test.ts loses entries
      // that only the server still has); on the keyless run that copy has no office key.
      const old = join(app.dataDir, 'copied-by-hand.sqlite');
      app.core.store.sqlite.prepare('VACUUM INTO ?').run(old);
      const file = await stagePdf(app, 'ไฟล์ที่หายไปกับเครื่อง');
      await app.must('entries.create', { ...incoming('ผลการตรวจสอบข้อร้องเรียน'), secrecy: 'secret', remark: 'ห้ามเปิดเผย', attachments: [{ stagedId: file.stagedId, description: 'บันทึกการตรวจสอบ' }] });
      expect((await app.must('sync.now', {})).pending).toBe(0);
      // The old file is put back, and the disk lost the attachment too.
      app.core.close();
      const register = join(app.dataDir, 'register.sqlite');
      for (const suffix of ['-wal', '-shm']) rmSync(register + suffix, { force: true });
      copyFileSync(old, register);
      rmSync(blobPath(app.dataDir, file.sha256));
      if (!withKey) {
        const db = new Database(register);
        db.prepare('DELETE FROM office_key').run();
        db.close();
      }
      app = openTestApp(app.dataDir);
      cleanup.push(() => app.dispose());

      const restored = await app.must('backup.restore', { name: backup.name });
      expect(restored.lostEntries).toBe(1);
      expect((await app.must('sync.officeKeyStatus', {})).hasKey).toBe(withKey);
      const losses = await app.must('restore.losses', {});
      expect(losses.map((l) => [l.source, l.registerNo, l.subject, l.secrecy])).toEqual([['server', 2, withKey ? 'ผลการตรวจสอบข้อร้องเรียน' : 'ลับ', 'secret']]);
      await app.must('restore.bringBack', { id: losses[0]?.id ?? 0 });
      const back = (await app.must('entries.list', { kind: 'incoming' })).rows.find((e) => e.registerNo === 2);
      expect([back?.subject, back?.remark]).toEqual(withKey ? ['ผลการตรวจสอบข้อร้องเรียน', 'ห้ามเปิดเผย'] : ['ลับ', '']);
      expect(back?.attachments.map((a) => [a.sha256, a.description])).toEqual(withKey ? [[file.sha256, 'บันทึกการตรวจสอบ']] : []);
      expect(existsSync(blobPath(app.dataDir, file.sha256))).toBe(withKey);
      if (withKey) expect(readFileSync(blobPath(app.dataDir, file.sha256)).equals(file.bytes)).toBe(true);
      // The server keeps its sealed copy (the brought-back entry is its own version, not a newer one).
      expect((await app.must('sync.now', {})).rejected).toEqual([]);
      const onServer = (await serverEntries(s.url, credentialOf(app))).find((e) => e.registerNo === 2);
      expect(onServer?.sealed).toBeTruthy();
    });
  }

  it('the answer to the first PC\'s key claim is lost: the next sync confirms the same key, the office is never left with an id nobody holds', async () => {
    const s = await server();
    const proxy = await startProxy(() => s.port);
    cleanup.push(() => proxy.close());
    proxy.mode = { kind: 'dropResponse', when: (req) => req.startsWith('POST /v1/office-key') };
    const app = device();
    await enrol(app, proxy.url, (await createOrg(s, 'สพป.คำตอบหาย')).code);
    // The server took the claim; the PC never heard: not yet usable, but kept.
    expect((await app.must('sync.officeKeyStatus', {})).hasKey).toBe(false);
    const claimed = (await api(s.url, '/v1/office-key', { credential: credentialOf(app) })).json.keyId as string;
    expect(claimed).toMatch(/^[0-9a-f]{16}$/);
    await app.must('entries.create', { ...incoming('ลงทะเบียนระหว่างรอ'), secrecy: 'secret' });

    proxy.mode = { kind: 'pass' };
    expect((await app.must('sync.now', {})).pending).toBe(0);
    expect(await app.must('sync.officeKeyStatus', {})).toMatchObject({ hasKey: true, keyId: claimed, origin: 'generated', serverKeyId: claimed });
    // The entry registered before the key was confirmed went withheld; the next one goes sealed.
    await app.must('entries.create', { ...incoming('ลงทะเบียนหลังยืนยันกุญแจ'), secrecy: 'secret' });
    expect((await app.must('sync.now', {})).pending).toBe(0);
    const onServer = await serverEntries(s.url, credentialOf(app));
    expect(onServer.map((e) => [e.registerNo, (e.sealed as { keyId?: string } | undefined)?.keyId ?? null])).toEqual(
      expect.arrayContaining([[1, null], [2, claimed]]),
    );
  });
});
