// A fresh data folder and a real SQLite register per test, with a controllable clock.
// By default the register has its first admin account (TEST_ADMIN) and app.call/app.must run
// logged in as that admin; asUser()/anonymous act as someone else (tests of roles and secrecy).
import { rmSync } from 'node:fs';
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch.js';
import { createHandlers } from '../../src-main/api/handlers.js';
import { openCore, type Core } from '../../src-main/core.js';
import { createUserDirect } from '../../src-main/users/users.js';
import type { InputOf, MethodName, OutputOf } from '../../src-shared/contract.js';
import type { Result } from '../../src-shared/result.js';
import type { Role } from '../../src-shared/usersSchemas.js';
import { tempDir } from './tempDirs.js';

export { tempDir };

/** The first admin every test register starts with (its name is the default clerk's). */
export const TEST_ADMIN = { username: 'admin', displayName: 'เจ้าหน้าที่สารบรรณ', password: 'admin-pass-2566' } as const;

/** The office every test register has unless it tests the first run (officeSetUp: false). */
export const TEST_OFFICE = {
  name: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต 1',
  shortName: 'สพป.ทดสอบ 1',
  documentPrefix: 'ศธ04099',
  numberSpacing: 'compact',
  digits: 'arabic',
  certificatePattern: 'สพป.ทส.1 {n:4}/{year}',
} as const;

/** Written straight into the register (no audit event): the state an office is in after its set-up. */
export function setUpTestOffice(core: Core): void {
  if (core.store.getMeta('office') === undefined) core.store.setMeta('office', JSON.stringify(TEST_OFFICE));
}

export interface TestCaller {
  sessionId: string | null;
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  /** Calls and unwraps, failing the test with the Thai message on an error. */
  must<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
}

export interface TestApp extends TestCaller {
  core: Core;
  dataDir: string;
  clock: { now: Date };
  /** The raw dispatch; a call without a session runs as the test admin (for hosts in tests). */
  dispatch: Dispatch;
  /** No session at all: what a caller who has not logged in gets. */
  anonymous: TestCaller;
  /** Creates a user (as the admin, through the API) and logs in as them. */
  asUser(role: Role, opts?: { canSeeSecret?: boolean; username?: string; displayName?: string; password?: string }): Promise<TestCaller>;
  /** Logs in through auth.login. */
  login(username: string, password: string): Promise<TestCaller>;
  reopen(): TestApp;
  dispose(): void;
}

export interface TestAppOptions {
  /** 'admin' (default): create TEST_ADMIN and act as them; null: an empty register, no session. */
  as?: 'admin' | null;
  /** false: leave the placeholder office of a fresh install (the first-run tests). */
  officeSetUp?: boolean;
}

function caller(dispatch: Dispatch, sessionId: string | null): TestCaller {
  const c: TestCaller = {
    sessionId,
    call: (method, input) => dispatch(method, input, { sessionId }) as never,
    async must(method, input) {
      const r = await c.call(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
      return r.value;
    },
  };
  return c;
}

export function openTestApp(dataDir = tempDir(), start = new Date('2023-11-16T09:00:00+07:00'), options: TestAppOptions = {}): TestApp {
  const clock = { now: start };
  const core = openCore({ dataDir, now: () => clock.now });
  if (options.officeSetUp !== false) setUpTestOffice(core);
  const raw = createDispatch(core, createHandlers(core), () => undefined);
  const asAdmin = options.as !== null;
  let sessionId: string | null = null;
  // The admin is made lazily (hashing is async); every call waits for it.
  let failure: unknown = null;
  const ready: Promise<void> = asAdmin
    ? (async () => {
        const existing = core.store.raw<{ id: number }>('SELECT id FROM users WHERE username = ?', [TEST_ADMIN.username])[0];
        const id = existing?.id ?? (await createUserDirect(core, { ...TEST_ADMIN, role: 'admin', canSeeSecret: true })).id;
        sessionId = core.sessions.create(id).id;
      })().catch((e: unknown) => {
        failure = e; // e.g. the test closed the register before its first call
      })
    : Promise.resolve();
  const dispatch: Dispatch = async (method, input, channel) => {
    await ready;
    if (failure) throw failure;
    return raw(method, input, channel?.sessionId ? channel : { ...channel, sessionId });
  };
  const asCaller = caller(dispatch, null);
  let counter = 0;
  const app: TestApp = {
    core,
    dataDir,
    clock,
    dispatch,
    get sessionId() {
      return sessionId;
    },
    call: asCaller.call,
    must: asCaller.must,
    anonymous: caller(async (m, i) => {
      await ready;
      return raw(m, i, { sessionId: null });
    }, null),
    async login(username, password) {
      const r = await caller(raw, null).must('auth.login', { username, password });
      return caller(raw, r.sessionId);
    },
    async asUser(role, opts = {}) {
      counter++;
      const username = opts.username ?? `${role}${counter}`;
      const password = opts.password ?? `${role}-password-${counter}`;
      await app.must('users.save', {
        username,
        displayName: opts.displayName ?? `ผู้ใช้ ${role} ${counter}`,
        role,
        canSeeSecret: opts.canSeeSecret ?? false,
        password,
      });
      return app.login(username, password);
    },
    reopen() {
      core.close();
      return openTestApp(dataDir, clock.now, options);
    },
    dispose() {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return app;
}
