// Devices and books belong to the office, not to one install: the yearly re-enrolment keeps a
// PC's books; the server's admin lists devices, revokes one and reassigns its book with a
// reason; a book is claimed only by its first pushed entry; a PC whose clock runs into next year
// cannot claim next year's book, and the clerk is told the clock is wrong.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoot } from '../../src-main/paths.js';
import * as syncState from '../../src-main/sync/syncState.js';
import { openTestApp, tempDir, type TestApp } from '../support/core.js';
import { incoming } from '../support/entries.js';
import { api, createOrg, credentialOf, enrol, newCode, serverEntries, startServer, type ServerProcess } from '../support/server/centralServer.js';

const run = promisify(execFile);
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function device(clock?: Date): TestApp {
  const app = clock ? openTestApp(tempDir(), clock) : openTestApp();
  cleanup.push(() => app.dispose());
  return app;
}

async function server(): Promise<ServerProcess> {
  const s = await startServer();
  cleanup.push(() => s.kill());
  return s;
}

async function cli(s: ServerProcess, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (s.databaseUrl) env.DATABASE_URL = s.databaseUrl;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join('src-server', 'cli.ts'), '--data-dir', s.dataDir, ...args], { cwd: appRoot(), env });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

const deviceId = (app: TestApp): string => syncState.readConfig(app.core.store)?.deviceId as string;

describe('sync: devices and books by office', () => {
  it('re-enrolling a PC (a new credential) keeps its device and its books; the old credential stops', async () => {
    const s = await server();
    const { orgId, code } = await createOrg(s, 'สพป.ตาก เขต 1');
    const a = device();
    await enrol(a, s.url, code, 'เครื่องงานรับ');
    for (let i = 0; i < 3; i++) await a.must('entries.create', incoming(`ก่อนต่ออายุ ${i}`));
    expect((await a.must('sync.now', {})).pending).toBe(0);
    const before = { id: deviceId(a), credential: credentialOf(a) };

    await a.must('entries.create', incoming('ระหว่างต่ออายุ'));
    await enrol(a, s.url, await newCode(s, orgId), 'เครื่องงานรับ (ต่ออายุ)');
    expect(deviceId(a)).toBe(before.id);
    expect(credentialOf(a)).not.toBe(before.credential);
    expect((await api(s.url, '/v1/org', { credential: before.credential })).status).toBe(401);

    await a.must('entries.create', incoming('หลังต่ออายุ'));
    const st = await a.must('sync.now', {});
    expect([st.pending, st.rejected]).toEqual([0, []]);
    expect((await serverEntries(s.url, credentialOf(a))).length).toBe(5);
    const view = await a.must('sync.listBooks', {});
    expect(view.devices.map((d) => d.name)).toEqual(['เครื่องงานรับ (ต่ออายุ)']);
    expect(view.books.map((b) => [b.kind, b.holderDeviceId, b.nextNo])).toEqual([['incoming', before.id, 6]]);
  });

  it('the admin lists devices, revokes a lost PC and reassigns its book with a reason; the CLI speaks Thai', async () => {
    const s = await server();
    const { orgId, code } = await createOrg(s, 'สพป.สุโขทัย เขต 1');
    const lost = device();
    const spare = device();
    await enrol(lost, s.url, code, 'เครื่องที่หาย');
    await enrol(spare, s.url, await newCode(s, orgId), 'เครื่องสำรอง');
    for (let i = 0; i < 4; i++) await lost.must('entries.create', incoming(`เรื่อง ${i}`));
    await lost.must('sync.now', {});

    const listed = await cli(s, 'device', 'list', '--org', orgId);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('"เครื่องที่หาย"');
    expect(listed.stdout).toContain('ทะเบียนที่ถือ: incoming:2566');

    // A book nobody holds cannot be taken by a hand-over or by the admin: its first entry claims it.
    const grab = await api(s.url, '/v1/books/handover', { method: 'POST', credential: credentialOf(spare), json: { kind: 'outgoing', year: 2566, toDeviceId: deviceId(spare), throughSeq: 0 } });
    expect([grab.status, (grab.json.error as { code: string }).code]).toEqual([409, 'book_not_claimed']);

    const revoked = await cli(s, 'device', 'revoke', '--device', deviceId(lost), '--reason', 'เครื่องหาย แจ้งความแล้ว');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('ยกเลิกสิทธิ์เครื่องแล้ว');
    expect(revoked.stdout).toContain('book reassign');
    await lost.must('entries.create', incoming('หลังถูกยกเลิก'));
    expect((await lost.must('sync.now', {})).lastError).toContain('ถูกยกเลิกสิทธิ์');

    const moved = await cli(s, 'book', 'reassign', '--org', orgId, '--kind', 'incoming', '--year', '2566', '--to', deviceId(spare), '--reason', 'เครื่องเดิมหาย');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('เลขถัดไปคือ 5');
    await spare.must('sync.now', {}); // learns the book by pull
    expect((await spare.must('entries.create', incoming('ต่อจากเครื่องที่หาย'))).registerNo).toBe(5);
    expect((await spare.must('sync.now', {})).rejected).toEqual([]);

    const json = JSON.parse((await cli(s, 'device', 'list', '--org', orgId, '--json')).stdout) as { name: string; revokeReason: string | null; books: string[] }[];
    expect(json.map((d) => [d.name, d.revokeReason, d.books])).toEqual([
      ['เครื่องที่หาย', 'เครื่องหาย แจ้งความแล้ว', []],
      ['เครื่องสำรอง', null, ['incoming:2566']],
    ]);

    const help = await cli(s, '--help');
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('book reassign --org')]);
    const bad = await cli(s, 'device', 'list', '--bogus');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ตัวเลือกไม่ถูกต้อง: --bogus');
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const missing = await cli(s, 'device', 'revoke', '--device', deviceId(spare));
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('--reason')]);
  });

  it("the office app's admin revokes one of the office's own PCs, with a reason; never another office's", async () => {
    const s = await server();
    const { orgId, code } = await createOrg(s, 'สพป.อุตรดิตถ์ เขต 1');
    const office = device();
    const old = device();
    const stranger = device();
    await enrol(office, s.url, code, 'เครื่องผู้ดูแล');
    await enrol(old, s.url, await newCode(s, orgId), 'เครื่องเก่า');
    await enrol(stranger, s.url, (await createOrg(s, 'โรงเรียนอื่น', 'school')).code, 'เครื่องโรงเรียน');

    const clerk = await office.asUser('clerk');
    const notAdmin = await clerk.call('sync.revokeDevice', { deviceId: deviceId(old), reason: 'เลิกใช้' });
    expect(notAdmin.ok).toBe(false);
    const noReason = await office.call('sync.revokeDevice', { deviceId: deviceId(old), reason: '  ' });
    expect(noReason.ok).toBe(false);
    if (!noReason.ok) expect(noReason.error.fields?.reason).toContain('กรุณาระบุเหตุผล');
    const foreign = await office.call('sync.revokeDevice', { deviceId: deviceId(stranger), reason: 'ลองดู' });
    expect(foreign.ok).toBe(false);
    if (!foreign.ok) expect([foreign.error.code, foreign.error.message]).toEqual(['not_found', 'ไม่พบเครื่องนี้']);
    const self = await office.call('sync.revokeDevice', { deviceId: deviceId(office), reason: 'ลองดู' });
    expect(self.ok).toBe(false);

    const view = await office.must('sync.revokeDevice', { deviceId: deviceId(old), reason: 'เครื่องเก่าเลิกใช้แล้ว' });
    expect(view.devices.map((d) => d.name)).toEqual(['เครื่องผู้ดูแล']);
    await old.must('entries.create', incoming('จากเครื่องเก่า'));
    expect((await old.must('sync.now', {})).lastError).toContain('ถูกยกเลิกสิทธิ์');
    expect((await stranger.must('sync.now', {})).lastError).toBeNull();
    const listed = JSON.parse((await cli(s, 'device', 'list', '--org', orgId, '--json')).stdout) as { name: string; revokeReason: string | null }[];
    expect(listed.find((d) => d.name === 'เครื่องเก่า')?.revokeReason).toBe('เครื่องเก่าเลิกใช้แล้ว');
  });

  it("a PC whose clock runs into next year cannot claim next year's book, and the clerk is told", async () => {
    const s = await server();
    const { orgId, code } = await createOrg(s, 'สพป.กำแพงเพชร เขต 1');
    const serverYear = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
    const ahead = device(new Date(`${serverYear + 1}-01-15T09:00:00+07:00`));
    const right = device(new Date());
    await enrol(ahead, s.url, code, 'นาฬิกาเร็ว');
    await enrol(right, s.url, await newCode(s, orgId), 'นาฬิกาถูก');
    const wrong = await ahead.must('entries.create', incoming('ลงล่วงหน้า'));
    expect(wrong.year).toBe(serverYear + 544);
    const st = await ahead.must('sync.now', {});
    expect(st.pending).toBe(0);
    expect(st.rejected.map((r) => r.reason)).toEqual([expect.stringContaining(`ยังไม่ถึงตามนาฬิกาของเซิร์ฟเวอร์ (ปัจจุบันคือ พ.ศ. ${serverYear + 543})`)]);
    expect(st.clockWarning).toMatch(/^นาฬิกาเครื่องนี้คลาดเคลื่อน \d+ วัน.*เร็วกว่าเวลาของเซิร์ฟเวอร์/);
    expect((await api(s.url, '/v1/org', { credential: credentialOf(ahead) })).json.books).toEqual([]);

    // The PC with the right clock registers this year's book normally and is not warned.
    await right.must('entries.create', incoming('ลงตามจริง'));
    const ok = await right.must('sync.now', {});
    expect([ok.pending, ok.rejected, ok.clockWarning]).toEqual([0, [], null]);
  });
});
