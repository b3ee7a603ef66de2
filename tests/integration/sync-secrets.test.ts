// Secret content never reaches the server in clear. On a PC without the office's key (a second
// PC of the office before the admin imports the key file), a ลับ/ลับมาก/ลับที่สุด entry is sent
// with its public fields only (its book and number stay the server's to guard); its subject,
// parties, remarks and files stay on the PC, and its files are not uploaded. With the key,
// ลับ/ลับมาก go sealed instead: tests/integration/sync-office-key.test.ts.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { api, createOrg, credentialOf, enrol, newCode, serverEntries, startServer, type ServerProcess } from '../support/server/centralServer.js';

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

async function stagePdf(app: TestApp, text: string): Promise<{ stagedId: string; sha256: string }> {
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(text), randomBytes(64)]);
  const begun = await app.must('attachments.stageBegin', { name: 'ลับ.pdf', size: bytes.length });
  await app.must('attachments.stageChunk', { uploadId: begun.uploadId, offset: 0, data: bytes.toString('base64') });
  const staged = await app.must('attachments.stageFinish', { uploadId: begun.uploadId });
  expect(staged.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  return { stagedId: staged.stagedId, sha256: staged.sha256 };
}

describe('sync: secret entries', () => {
  it('a PC without the office key sends only the public fields of ลับ, ลับมาก and ลับที่สุด entries, and none of their files', async () => {
    const s = await server();
    const { orgId, code } = await createOrg(s, 'สพป.ความลับ');
    // The office's first PC makes the office key; this second PC has not been given it.
    await enrol(device(), s.url, code, 'เครื่องแรก');
    const app = device();
    await enrol(app, s.url, await newCode(s, orgId));
    expect((await app.must('sync.officeKeyStatus', {})).hasKey).toBe(false);
    const file = await stagePdf(app, 'เนื้อหาไฟล์ลับ');
    await app.must('entries.create', incoming('เรื่องธรรมดา'));
    await app.must('entries.create', { ...incoming('ข้อความลับของหน่วยงาน'), secrecy: 'secret', remark: 'หมายเหตุลับ', attachments: [{ stagedId: file.stagedId, description: 'คำอธิบายลับ' }] });
    await app.must('entries.create', { ...incoming('ข้อความลับมาก'), secrecy: 'very_secret' });
    await app.must('entries.create', { ...incoming('ข้อความลับที่สุด'), secrecy: 'top_secret' });
    const st = await app.must('sync.now', {});
    expect([st.pending, st.rejected]).toEqual([0, []]);

    const onServer = await serverEntries(s.url, credentialOf(app));
    expect(onServer.map((e) => [e.registerNo, e.secrecy, e.contentWithheld ?? false])).toEqual(
      expect.arrayContaining([
        [1, 'none', false],
        [2, 'secret', true],
        [3, 'very_secret', true],
        [4, 'top_secret', true],
      ]),
    );
    expect(onServer.filter((e) => e.secrecy !== 'none' && ('sealed' in e || 'attachments' in e))).toEqual([]);
    const text = JSON.stringify(onServer);
    for (const secret of ['ข้อความลับ', 'หมายเหตุลับ', 'คำอธิบายลับ']) expect(text.includes(secret) ? secret : null).toBeNull();
    expect(text).toContain('เรื่องธรรมดา');
    // The file itself never went up.
    const head = await api(s.url, `/v1/blobs/${file.sha256}`, { method: 'HEAD', credential: credentialOf(app) });
    expect([head.headers.get('upload-complete'), head.headers.get('upload-offset')]).toEqual(['0', '0']);
    // The PC keeps everything.
    const local = await app.must('entries.list', { kind: 'incoming' });
    expect(local.rows.map((r) => r.subject)).toContain('ข้อความลับที่สุด');
  });
});
