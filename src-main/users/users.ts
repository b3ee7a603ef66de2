// User accounts, login with lockout, and the idle time. Roles: ผู้ดูแลระบบ (settings, users,
// backups), เจ้าหน้าที่สารบรรณ (registers), ผู้ดูอย่างเดียว (read and print); the secret right
// is given per user. Enforcement is in dispatch (src-main/api/dispatch.ts), not the renderer.
import type { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { localIsoTimestamp } from '../../src-shared/thai.js';
import type {
  AuthStatus,
  LoginResult,
  Role,
  SessionUser,
  UserAccount,
  changePasswordInput,
  loginInput,
  saveUserInput,
  setupAdminInput,
} from '../../src-shared/usersSchemas.js';
import type { Core } from '../core.js';
import type { Store } from '../db/store.js';
import { DomainError, invalid } from '../errors.js';
import { appendAudit } from './audit.js';
import type { CallContext } from './caller.js';
import { dummyHash, hashPassword, verifyPassword } from './passwords.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
export const DEFAULT_IDLE_MINUTES = 15;

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: string;
  can_see_secret: number;
  active: number;
  password_hash: string;
  failed_count: number;
  locked_until: string | null;
  created_at: string;
}

const toSessionUser = (r: UserRow): SessionUser => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  canSeeSecret: r.can_see_secret === 1,
});

function toAccount(r: UserRow, nowMs: number): UserAccount {
  const locked = r.locked_until !== null && Date.parse(r.locked_until) > nowMs;
  return {
    ...toSessionUser(r),
    active: r.active === 1,
    lockedUntil: locked ? r.locked_until : null,
    failedCount: r.failed_count,
    createdAt: r.created_at,
  };
}

/** What the audit trail records about a user: never the password hash. */
const auditView = (r: UserRow) => ({
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  canSeeSecret: r.can_see_secret === 1,
  active: r.active === 1,
});

export function findUser(store: Store, id: number): UserRow | undefined {
  return store.raw<UserRow>('SELECT * FROM users WHERE id = ?', [id])[0];
}

function findByName(store: Store, username: string): UserRow | undefined {
  return store.raw<UserRow>('SELECT * FROM users WHERE username = ? COLLATE NOCASE', [username])[0];
}

export function userCount(store: Store): number {
  return store.raw<{ n: number }>('SELECT count(*) AS n FROM users')[0]?.n ?? 0;
}

/** The user behind a session, if the account still exists and is active. */
export function sessionUser(store: Store, userId: number): SessionUser | null {
  const r = findUser(store, userId);
  return r && r.active === 1 ? toSessionUser(r) : null;
}

export function idleMinutes(store: Store): number {
  const v = Number(store.getMeta('idle_minutes'));
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_IDLE_MINUTES;
}

export function saveIdleMinutes(core: Core, minutes: number): { idleMinutes: number } {
  const before = idleMinutes(core.store);
  core.store.tx(() => {
    core.store.setMeta('idle_minutes', String(minutes));
    appendAudit(core.store, { action: 'settings', entity: 'security', before: { idleMinutes: before }, after: { idleMinutes: minutes }, at: at(core) });
  });
  return { idleMinutes: minutes };
}

const at = (core: Core): string => localIsoTimestamp(new Date(core.sessions.nowMs()));

function insertUser(core: Core, u: { username: string; displayName: string; role: Role; canSeeSecret: boolean; active: boolean }, hash: string): UserRow {
  const { store } = core;
  if (findByName(store, u.username)) throw invalid('username', 'มีชื่อผู้ใช้นี้อยู่แล้ว');
  const now = at(core);
  const id = Number(
    store.sqlite
      .prepare(
        `INSERT INTO users (username, display_name, role, can_see_secret, active, password_hash, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(u.username, u.displayName, u.role, u.canSeeSecret ? 1 : 0, u.active ? 1 : 0, hash, now, now).lastInsertRowid,
  );
  return findUser(store, id) as UserRow;
}

function startSession(core: Core, user: UserRow, ctx: CallContext): LoginResult {
  const session = core.sessions.create(user.id);
  if (ctx.channel.bindSession) {
    ctx.channel.bindSession(session.id);
    return { sessionId: '', user: toSessionUser(user) };
  }
  return { sessionId: session.id, user: toSessionUser(user) };
}

export function authStatus(core: Core, ctx: CallContext): AuthStatus {
  const needsSetup = userCount(core.store) === 0;
  const p = core.desktop;
  const setupDataDir =
    needsSetup && p ? { dataDir: p.dataDir(), defaultDataDir: p.defaultDataDir, canChoose: p.dataDirSource === 'default' || p.dataDirSource === 'chosen' } : null;
  return { mode: 'normal', needsSetup, user: ctx.user, idleMinutes: idleMinutes(core.store), setupDataDir };
}

/** First start: the office's admin account. Refused once any user exists. */
export async function setupAdmin(core: Core, input: z.output<typeof setupAdminInput>, ctx: CallContext): Promise<LoginResult> {
  if (userCount(core.store) > 0) throw new DomainError('forbidden', 'มีผู้ดูแลระบบแล้ว กรุณาเข้าสู่ระบบ');
  const hash = await hashPassword(input.password);
  const user = core.store.tx(() => {
    if (userCount(core.store) > 0) throw new DomainError('forbidden', 'มีผู้ดูแลระบบแล้ว กรุณาเข้าสู่ระบบ');
    const row = insertUser(core, { ...input, role: 'admin', canSeeSecret: true, active: true }, hash);
    appendAudit(core.store, { action: 'user.create', entity: 'user', entityId: String(row.id), after: auditView(row), actor: row.display_name, at: at(core) });
    return row;
  });
  return startSession(core, user, ctx);
}

const WRONG = 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง';

function lockedMessage(until: string): string {
  const d = new Date(until);
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  return `บัญชีนี้ถูกล็อกชั่วคราว เพราะใส่รหัสผ่านผิด ${MAX_FAILED_LOGINS} ครั้ง กรุณาลองใหม่หลังเวลา ${hh}:${mm} น. หรือติดต่อผู้ดูแลระบบ`;
}

export async function login(core: Core, input: z.output<typeof loginInput>, ctx: CallContext): Promise<LoginResult> {
  const { store } = core;
  const user = findByName(store, input.username);
  const failed = (reason: string, entityId: string | null = null) =>
    appendAudit(store, { action: 'login.failed', entity: 'user', entityId, after: { username: input.username, reason }, actor: input.username, at: at(core) });
  if (!user) {
    await verifyPassword(input.password, await dummyHash());
    failed('unknown user');
    throw new DomainError('unauthenticated', WRONG);
  }
  const nowMs = core.sessions.nowMs();
  if (user.locked_until !== null && Date.parse(user.locked_until) > nowMs) {
    failed('locked', String(user.id));
    throw new DomainError('unauthenticated', lockedMessage(user.locked_until));
  }
  const good = await verifyPassword(input.password, user.password_hash);
  if (!good || user.active !== 1) {
    store.tx(() => {
      const fresh = findUser(store, user.id) as UserRow;
      const count = fresh.failed_count + 1;
      const lock = good ? null : count >= MAX_FAILED_LOGINS ? localIsoTimestamp(new Date(nowMs + LOCKOUT_MINUTES * 60_000)) : null;
      store.sqlite
        .prepare('UPDATE users SET failed_count = ?, locked_until = coalesce(?, locked_until) WHERE id = ?')
        .run(lock ? 0 : good ? fresh.failed_count : count, lock, user.id);
      failed(good ? 'inactive' : lock ? 'wrong password, locked' : 'wrong password', String(user.id));
      if (lock) {
        appendAudit(store, { action: 'user.locked', entity: 'user', entityId: String(user.id), after: { lockedUntil: lock }, actor: input.username, at: at(core) });
      }
    });
    const after = findUser(store, user.id) as UserRow;
    if (good) throw new DomainError('unauthenticated', 'บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบ');
    if (after.locked_until !== null && Date.parse(after.locked_until) > nowMs) throw new DomainError('unauthenticated', lockedMessage(after.locked_until));
    throw new DomainError('unauthenticated', WRONG);
  }
  store.tx(() => {
    store.sqlite.prepare('UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = ?').run(user.id);
    appendAudit(store, { action: 'login', entity: 'user', entityId: String(user.id), actor: user.display_name, at: at(core) });
  });
  return startSession(core, user, ctx);
}

export function logout(core: Core, ctx: CallContext): { loggedOut: boolean } {
  const ended = core.sessions.end(ctx.sessionId);
  ctx.channel.bindSession?.(null);
  if (ended && ctx.user) {
    appendAudit(core.store, { action: 'logout', entity: 'user', entityId: String(ctx.user.id), actor: ctx.user.displayName, at: at(core) });
  }
  return { loggedOut: ended };
}

export async function changePassword(core: Core, input: z.output<typeof changePasswordInput>, ctx: CallContext): Promise<{ changed: true }> {
  const me = ctx.user ? findUser(core.store, ctx.user.id) : undefined;
  if (!me) throw new DomainError('unauthenticated', 'กรุณาเข้าสู่ระบบ');
  if (!(await verifyPassword(input.current, me.password_hash))) throw invalid('current', 'รหัสผ่านเดิมไม่ถูกต้อง');
  const hash = await hashPassword(input.next);
  core.store.tx(() => {
    core.store.sqlite.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(hash, at(core), me.id);
    appendAudit(core.store, { action: 'user.password', entity: 'user', entityId: String(me.id), after: { username: me.username }, at: at(core) });
  });
  core.sessions.endUser(me.id, ctx.sessionId);
  return { changed: true };
}

export function listUsers(core: Core): UserAccount[] {
  const nowMs = core.sessions.nowMs();
  return core.store.raw<UserRow>('SELECT * FROM users ORDER BY active DESC, role, username').map((r) => toAccount(r, nowMs));
}

/** Creates or edits a user (admin only). The last active admin cannot be demoted or disabled. */
export async function saveUser(core: Core, input: z.output<typeof saveUserInput>, ctx: CallContext): Promise<UserAccount> {
  const { store } = core;
  if (input.id === null && input.password === null) throw invalid('password', 'กรุณากำหนดรหัสผ่านของผู้ใช้ใหม่');
  const hash = input.password === null ? null : await hashPassword(input.password);
  const row = store.tx(() => {
    if (input.id === null) {
      const created = insertUser(core, input, hash as string);
      appendAudit(store, { action: 'user.create', entity: 'user', entityId: String(created.id), after: auditView(created), at: at(core) });
      return created;
    }
    const before = findUser(store, input.id);
    if (!before) throw new DomainError('not_found', 'ไม่พบผู้ใช้นี้');
    const other = findByName(store, input.username);
    if (other && other.id !== before.id) throw invalid('username', 'มีชื่อผู้ใช้นี้อยู่แล้ว');
    const stillAdmin = input.role === 'admin' && input.active;
    if (before.role === 'admin' && before.active === 1 && !stillAdmin) {
      const admins = store.raw<{ n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1")[0]?.n ?? 0;
      if (admins <= 1) throw invalid('role', 'ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อย 1 คน');
    }
    store.sqlite
      .prepare(
        `UPDATE users SET username = ?, display_name = ?, role = ?, can_see_secret = ?, active = ?,
           password_hash = coalesce(?, password_hash), updated_at = ? WHERE id = ?`,
      )
      .run(input.username, input.displayName, input.role, input.canSeeSecret ? 1 : 0, input.active ? 1 : 0, hash, at(core), input.id);
    const after = findUser(store, input.id) as UserRow;
    appendAudit(store, {
      action: 'user.edit',
      entity: 'user',
      entityId: String(after.id),
      before: auditView(before),
      after: { ...auditView(after), ...(hash ? { passwordChanged: true } : {}) },
      at: at(core),
    });
    return after;
  });
  // A changed role, right or password takes effect at once: the user's other sessions end.
  if (input.id !== null) core.sessions.endUser(row.id, row.id === ctx.user?.id ? ctx.sessionId : null);
  return toAccount(row, core.sessions.nowMs());
}

export function unlockUser(core: Core, id: number): UserAccount {
  const { store } = core;
  const row = store.tx(() => {
    const user = findUser(store, id);
    if (!user) throw new DomainError('not_found', 'ไม่พบผู้ใช้นี้');
    store.sqlite.prepare('UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = ?').run(id);
    appendAudit(store, { action: 'user.unlock', entity: 'user', entityId: String(id), before: { lockedUntil: user.locked_until }, at: at(core) });
    return findUser(store, id) as UserRow;
  });
  return toAccount(row, core.sessions.nowMs());
}

/** For tests, scripts and the e2e host: an account made directly in the core. */
export async function createUserDirect(
  core: Core,
  u: { username: string; displayName: string; role: Role; canSeeSecret?: boolean; password: string },
): Promise<UserAccount> {
  const hash = await hashPassword(u.password);
  const row = core.store.tx(() => {
    const created = insertUser(core, { ...u, canSeeSecret: u.canSeeSecret ?? false, active: true }, hash);
    appendAudit(core.store, { action: 'user.create', entity: 'user', entityId: String(created.id), after: auditView(created), at: at(core) });
    return created;
  });
  return toAccount(row, core.sessions.nowMs());
}


/** Letters and digits a clerk cannot misread when copying from the screen (no 0/O, 1/l/I). */
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * The way back in when the only admin forgot the password: run on the PC itself (it needs the
 * data folder), never over the API. Sets a new random password, unlocks and re-enables the
 * account, ends its sessions, and records who did it in the audit trail.
 */
export async function resetAdminPassword(core: Core, username: string | null): Promise<{ username: string; displayName: string; password: string }> {
  const { store } = core;
  const admins = store.sqlite
    .prepare("SELECT id, username FROM users WHERE role = 'admin' ORDER BY active DESC, id")
    .all() as { id: number; username: string }[];
  const target = username === null ? admins[0] : admins.find((a) => a.username === username);
  if (!target) {
    throw new DomainError('not_found', username === null ? 'ยังไม่มีผู้ดูแลระบบในทะเบียนนี้ (เปิดโปรแกรมเพื่อสร้างบัญชีแรก)' : `ไม่พบผู้ดูแลระบบชื่อผู้ใช้ ${JSON.stringify(username.slice(0, 64))}`);
  }
  const bytes = randomBytes(12);
  const password = [...bytes].map((b) => READABLE[b % READABLE.length]).join('');
  const hash = await hashPassword(password);
  const user = store.tx(() => {
    store.sqlite
      .prepare('UPDATE users SET password_hash = ?, failed_count = 0, locked_until = NULL, active = 1, updated_at = ? WHERE id = ?')
      .run(hash, at(core), target.id);
    appendAudit(store, { action: 'user.password_reset', entity: 'user', entityId: String(target.id), after: { by: 'reset-admin (ที่เครื่องนี้)' }, actor: 'reset-admin', at: at(core) });
    return findUser(store, target.id) as UserRow;
  });
  core.sessions.endUser(target.id);
  return { username: user.username, displayName: user.display_name, password };
}
