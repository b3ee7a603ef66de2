// Users and roles, enforced in the core: every method against every role, the secret right
// across every method a user may call, lockout, idle time, first start.
import { afterEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES, type InputOf, type MethodName } from '../../src-shared/contract.js';
import { accessFor } from '../../src-shared/permissions.js';
import { openTestApp, TEST_ADMIN, type TestApp, type TestCaller } from '../support/core.js';
import { waitFor } from '../support/waitFor.js';

let app: TestApp | undefined;
afterEach(() => {
  app?.dispose();
  app = undefined;
});

const incoming = (subject: string, extra: Record<string, unknown> = {}) =>
  ({ kind: 'incoming', from: 'โรงเรียนบ้านพุย', to: 'สพป.', docNo: 'ศธ 04051.1/99', docDate: '2023-11-16', subject, ...extra }) as InputOf<'entries.create'>;

async function codeOf(c: TestCaller, method: MethodName): Promise<string> {
  // auth.logout would end the session the loop goes on with: it is public, tested below.
  if (method === 'auth.logout') return 'ok';
  const r = await c.call(method, {} as never);
  return r.ok ? 'ok' : r.error.code;
}

describe('roles, checked by the core on every method', () => {
  it('a caller who has not logged in reaches only the public methods', async () => {
    app = openTestApp();
    for (const m of METHOD_NAMES) {
      const code = await codeOf(app.anonymous, m);
      if (accessFor(m) === 'public') expect([m, code]).not.toEqual([m, 'unauthenticated']);
      else expect([m, code]).toEqual([m, 'unauthenticated']);
    }
  });

  it('a viewer reads but cannot register, and no register or admin method answers them', async () => {
    app = openTestApp();
    const viewer = await app.asUser('viewer');
    for (const m of METHOD_NAMES) {
      const code = await codeOf(viewer, m);
      if (accessFor(m) === 'register' || accessFor(m) === 'admin') expect([m, code]).toEqual([m, 'forbidden']);
      else expect([m, code]).not.toEqual([m, 'forbidden']);
    }
    const refused = await viewer.call('entries.create', incoming('ผู้ดูลงทะเบียนไม่ได้'));
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    expect((await app.must('entries.list', { kind: 'incoming' })).total).toBe(0);
    await app.must('entries.create', incoming('ผู้ดูอ่านได้'));
    expect((await viewer.must('entries.list', { kind: 'incoming' })).rows.map((r) => r.subject)).toEqual(['ผู้ดูอ่านได้']);
  });

  it('a clerk registers under their own name but cannot change users or settings', async () => {
    app = openTestApp();
    const clerk = await app.asUser('clerk', { displayName: 'นางสาวสมใจ ใฝ่ดี' });
    for (const m of METHOD_NAMES) {
      const code = await codeOf(clerk, m);
      if (accessFor(m) === 'admin') expect([m, code]).toEqual([m, 'forbidden']);
      else expect([m, code]).not.toEqual([m, 'forbidden']);
    }
    const e = await clerk.must('entries.create', incoming('เสมียนลงทะเบียน'));
    expect(e.updatedBy).toBe('นางสาวสมใจ ใฝ่ดี');
    expect((await clerk.must('app.info', {})).userName).toBe('นางสาวสมใจ ใฝ่ดี');
    const details = await clerk.must('entries.get', { id: e.id });
    expect(details.versions[0]?.changedBy).toBe('นางสาวสมใจ ใฝ่ดี');
    const r = await clerk.call('users.save', { username: 'evil', displayName: 'x', role: 'admin', password: 'password-123' });
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    expect((await app.must('users.list', {})).map((u) => u.username).sort()).toEqual(['admin', 'clerk1']);
  });

  it('a role change takes effect at once: the user\'s sessions end', async () => {
    app = openTestApp();
    const clerk = await app.asUser('clerk');
    const me = (await app.must('users.list', {})).find((u) => u.username === 'clerk1');
    await app.must('users.save', { id: me?.id ?? 0, username: 'clerk1', displayName: 'x', role: 'viewer' });
    const r = await clerk.call('entries.list', { kind: 'incoming' });
    expect(r.ok ? 'ok' : r.error.code).toBe('unauthenticated');
    const again = await app.login('clerk1', 'clerk-password-1');
    expect(await codeOf(again, 'entries.create')).toBe('forbidden');
  });

  it('the last admin cannot be demoted or disabled', async () => {
    app = openTestApp();
    const admin = (await app.must('users.list', {}))[0];
    const r = await app.call('users.save', { id: admin?.id ?? 0, username: 'admin', displayName: 'x', role: 'clerk' });
    expect(r.ok ? 'ok' : r.error.fields?.role).toContain('ผู้ดูแลระบบ');
  });
});

describe('the secret right', () => {
  const SECRET = 'ผลสอบสวนวินัยข้าราชการลับสุดยอด';
  const REMARK = 'หมายเหตุลับเฉพาะผู้มีสิทธิ์';
  const SENDER = 'สำนักงานคณะกรรมการลับเฉพาะ';

  async function seed(a: TestApp) {
    const secret = await a.must('entries.create', incoming(SECRET, { secrecy: 'very_secret', remark: REMARK, from: SENDER, urgency: 'most_urgent' }));
    await a.must('entries.update', { id: secret.id, expectedVersion: 1, fields: incoming(`${SECRET} (แก้ไข)`, { secrecy: 'very_secret', remark: REMARK, from: SENDER, urgency: 'most_urgent' }) });
    const open = await a.must('entries.create', incoming('เรื่องทั่วไปไม่ลับ'));
    const reply = await a.must('entries.create', { kind: 'outgoing', from: 'สพป.', to: 'ผอ.', docDate: '2023-11-16', subject: `ตอบ ${SECRET}`, secrecy: 'secret', replyToId: secret.id });
    // A sync item the server refused, carrying the entry: its export must hide the content too.
    a.core.store.sqlite.prepare("UPDATE outbox SET state = 'rejected', reject_reason = 'ทดสอบ' WHERE entity_id = ?").run(secret.id);
    return { secret, open, reply };
  }

  /** Every method the user may call, with an input that reaches the secret entry. */
  function inputsFor(ids: { secret: { id: string }; reply: { id: string } }): Partial<Record<MethodName, unknown[]>> {
    return {
      'entries.list': [
        { kind: 'incoming' },
        { kind: 'incoming', q: 'สอบสวน' },
        { kind: 'incoming', q: 'ลับ', field: 'all' },
        { kind: 'incoming', q: 'คณะกรรมการลับ', field: 'from' },
        { kind: 'outgoing' },
      ],
      'entries.get': [{ id: ids.secret.id }, { id: ids.reply.id }],
      'entries.history': [{ id: ids.secret.id }],
      'attachments.history': [{ entryId: ids.secret.id }],
      'entries.findByCode': [{ code: `SRB:${ids.secret.id}` }],
    };
  }

  async function everything(c: TestCaller, ids: { secret: { id: string }; reply: { id: string } }): Promise<string> {
    const inputs = inputsFor(ids);
    const out: string[] = [];
    for (const m of METHOD_NAMES) {
      if (accessFor(m) !== 'read' && accessFor(m) !== 'public') continue;
      if (m === 'auth.logout') continue;
      for (const input of inputs[m] ?? [{}]) {
        const r = await c.call(m, input as never);
        out.push(`${m} ${JSON.stringify(r)}`);
      }
    }
    // Exports and prints: the register report in every format that comes back as a file.
    for (const format of ['html', 'csv', 'xlsx'] as const) {
      const job = await c.call('reports.render', { type: 'register', kind: 'incoming', from: '2023-01-01', to: '2023-12-31', format });
      if (!job.ok) {
        out.push(JSON.stringify(job));
        continue;
      }
      const jobId = job.value.jobId;
      await waitFor(`the ${format} report job`, async () => (await c.must('reports.status', { jobId })).state !== 'running');
      const file = await c.call('reports.download', { jobId: job.value.jobId });
      out.push(JSON.stringify(file));
      if (file.ok && file.value.kind === 'file') out.push(Buffer.from(file.value.base64, 'base64').toString('utf8'));
    }
    return out.join('\n');
  }

  it('without it, no method (lists, search, details, history, home, exports) gives a secret subject or detail', async () => {
    app = openTestApp();
    const ids = await seed(app);
    for (const role of ['viewer', 'clerk'] as const) {
      const user = await app.asUser(role);
      const seen = await everything(user, ids);
      for (const word of [SECRET, 'สอบสวน', REMARK, SENDER]) {
        expect([role, word, seen.split('\n').filter((l) => l.includes(word)).map((l) => l.slice(0, 300))]).toEqual([role, word, []]);
      }
      // The entry itself is still there, with its number and secrecy, its subject hidden.
      const page = await user.must('entries.list', { kind: 'incoming' });
      const row = page.rows.find((r) => r.id === ids.secret.id);
      expect([row?.registerNo, row?.secrecy, row?.subject, row?.remark]).toEqual([1, 'very_secret', 'ลับมาก', '']);
      expect((await user.must('entries.list', { kind: 'incoming', q: 'สอบสวน' })).total).toBe(0);
      // The CSV export ran and carries the row, numbered, with its subject hidden.
      expect(seen.split('\n').some((l) => l.startsWith('1,') && l.includes('ลับมาก'))).toBe(true);
    }
  });

  it('with it, the same user sees everything', async () => {
    app = openTestApp();
    const ids = await seed(app);
    const viewer = await app.asUser('viewer', { canSeeSecret: true });
    const seen = await everything(viewer, ids);
    for (const word of [SECRET, REMARK, SENDER]) expect(seen.includes(word)).toBe(true);
    // A secret entry's content never enters the outbox (src-main/sync/syncPayload.ts), so even
    // the rejected-items export names it by number only, for every caller.
    const rejected = JSON.stringify(await viewer.must('sync.exportRejected', {}));
    expect(rejected).toContain('contentWithheld');
    expect(rejected).not.toContain(REMARK);
    expect((await viewer.must('entries.list', { kind: 'incoming', q: 'สอบสวน' })).total).toBe(1);
  });
});

describe('login', () => {
  it('first start asks for the admin; afterwards only login', async () => {
    app = openTestApp(undefined, undefined, { as: null });
    expect((await app.anonymous.must('auth.status', {})).needsSetup).toBe(true);
    expect(await codeOf(app.anonymous, 'entries.list')).toBe('unauthenticated');
    const first = await app.anonymous.must('auth.setupAdmin', { username: 'somchai', displayName: 'นายสมชาย ผู้ดูแล', password: 'long-enough-1' });
    expect([first.user.role, first.user.canSeeSecret, first.sessionId.length > 20]).toEqual(['admin', true, true]);
    const again = await app.anonymous.call('auth.setupAdmin', { username: 'other', displayName: 'x', password: 'long-enough-2' });
    expect(again.ok ? 'ok' : again.error.code).toBe('forbidden');
    expect((await app.anonymous.must('auth.status', {})).needsSetup).toBe(false);
    const me = await app.login('SOMCHAI', 'long-enough-1');
    expect((await me.must('auth.status', {})).user?.displayName).toBe('นายสมชาย ผู้ดูแล');
    await me.must('auth.logout', {});
    expect(await codeOf(me, 'entries.list')).toBe('unauthenticated');
  });

  it('stores scrypt hashes with a salt per user, never the password', async () => {
    app = openTestApp();
    await app.asUser('clerk', { username: 'a1', password: 'same-password' });
    await app.asUser('clerk', { username: 'a2', password: 'same-password' });
    const rows = app.core.store.raw<{ password_hash: string }>("SELECT password_hash FROM users WHERE username IN ('a1', 'a2')");
    expect(rows.map((r) => r.password_hash.split('$')[0])).toEqual(['scrypt', 'scrypt']);
    expect(rows[0]?.password_hash).not.toBe(rows[1]?.password_hash);
    expect(JSON.stringify(rows)).not.toContain('same-password');
  });

  it('five wrong passwords lock the account for a while, even against the right one; the admin can unlock', async () => {
    app = openTestApp();
    await app.must('security.save', { idleMinutes: 60 });
    await app.asUser('clerk', { username: 'somsri', password: 'right-password' });
    let now = Date.now();
    app.core.sessions.nowMs = () => now;
    for (let i = 0; i < 5; i++) {
      const r = await app.anonymous.call('auth.login', { username: 'somsri', password: `wrong-${i}` });
      expect(r.ok).toBe(false);
    }
    const locked = await app.anonymous.call('auth.login', { username: 'somsri', password: 'right-password' });
    expect(locked.ok ? '' : locked.error.message).toContain('ถูกล็อก');
    const account = (await app.must('users.list', {})).find((u) => u.username === 'somsri');
    expect(account?.lockedUntil).not.toBeNull();
    now += 16 * 60_000;
    expect((await app.anonymous.call('auth.login', { username: 'somsri', password: 'right-password' })).ok).toBe(true);
    // Locked again, then unlocked by the admin at once.
    for (let i = 0; i < 5; i++) await app.anonymous.call('auth.login', { username: 'somsri', password: 'nope' });
    expect((await app.anonymous.call('auth.login', { username: 'somsri', password: 'right-password' })).ok).toBe(false);
    await app.must('users.unlock', { id: account?.id ?? 0 });
    expect((await app.anonymous.call('auth.login', { username: 'somsri', password: 'right-password' })).ok).toBe(true);
    // Every attempt refused is in the trail: 5 wrong + 1 while locked, twice.
    const failures = (await app.must('audit.list', { action: 'login.failed', pageSize: 100 })).total;
    expect(failures).toBe(12);
  });

  it('a session ends after the admin\'s idle time', async () => {
    app = openTestApp();
    await app.must('security.save', { idleMinutes: 10 });
    const clerk = await app.asUser('clerk');
    let now = Date.now();
    app.core.sessions.nowMs = () => now;
    now += 9 * 60_000;
    expect((await clerk.call('entries.list', { kind: 'incoming' })).ok).toBe(true);
    now += 11 * 60_000;
    const r = await clerk.call('entries.list', { kind: 'incoming' });
    expect(r.ok ? '' : `${r.error.code} ${r.error.message}`).toContain('unauthenticated หมดเวลา');
    expect((await app.anonymous.must('auth.status', {})).idleMinutes).toBe(10);
  });

  it('the test admin is the default register user', async () => {
    app = openTestApp();
    expect((await app.must('app.info', {})).userName).toBe(TEST_ADMIN.displayName);
  });
});
