// Nothing of the register is shown before login. The first run asks for the office admin
// account; later runs ask for a user name and password. An expired session brings the login
// back without losing the screen the clerk was on (the hash stays).
import { createContext, useCallback, useContext, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { MethodName } from '../../src-shared/contract.js';
import type { Secrecy } from '../../src-shared/domain.js';
import { canCall } from '../../src-shared/permissions.js';
import { moveDataDirInput, type FirstRunDataDir } from '../../src-shared/desktopSchemas.js';
import type { AuthStatus, SessionUser } from '../../src-shared/usersSchemas.js';
import { fieldErrors } from '../../src-shared/schemas.js';
import { loginInput, PASSWORD_MIN, setupAdminInput } from '../../src-shared/usersSchemas.js';
import { ApiCallError, call, must, onUnauthenticated, setSession } from '../api/client.js';
import { errorMessage, Field, FormError } from '../ui/Field.js';

const UserCtx = createContext<SessionUser | null>(null);

/**
 * Whether the logged-in user may call a method: only to hide what would be refused anyway
 * (the core checks every call). Without a users system (no login), everything is allowed.
 * Given the entry the action changes: a secret one (ลับ and above) only with the secret right,
 * so a clerk without it is never offered แก้ไข on a form filled with what is hidden from them.
 */
export function useCan(): (method: MethodName, entry?: { secrecy: Secrecy }) => boolean {
  const user = useContext(UserCtx);
  // The same function while the user is the same: screens may list it among an effect's deps.
  return useCallback(
    (method: MethodName, entry?: { secrecy: Secrecy }) => {
      if (!user) return true;
      if (entry && entry.secrecy !== 'none' && !user.canSeeSecret) return false;
      return canCall(user.role, method);
    },
    [user],
  );
}

type Gate = { state: 'checking' } | { state: 'setup'; dataDir: FirstRunDataDir | null } | { state: 'login'; message: string | null } | { state: 'in'; user: SessionUser | null };

/** Where the app opens: the clerk's screens, the first admin's setup, or the login. */
async function firstGate(): Promise<Gate> {
  const r = await call('auth.status', {});
  // A core without users: nothing to log in to.
  if (!r.ok) return { state: 'in', user: null };
  const s: AuthStatus = r.value;
  if (s.user) return { state: 'in', user: s.user };
  return s.needsSetup ? { state: 'setup', dataDir: s.setupDataDir ?? null } : { state: 'login', message: null };
}

/**
 * Who was in before the login form came back: the same user (an expired session) keeps the
 * screen; anyone else, or anyone after ออกจากระบบ, starts on รายการหลัก. One app, one gate.
 */
const lastUser: { id: number | null } = { id: null };

export function AuthGate({ children }: { children: (user: SessionUser | null, logout: () => void) => ReactNode }) {
  const [gate, setGate] = useState<Gate>({ state: 'checking' });
  useEffect(() => {
    let live = true;
    void firstGate().then((g) => {
      if (!live) return;
      if (g.state === 'in' && g.user) lastUser.id = g.user.id;
      setGate(g);
    });
    const stop = onUnauthenticated((message) => {
      setSession(null);
      setGate({ state: 'login', message });
    });
    return () => {
      live = false;
      stop();
    };
  }, []);
  const logout = useCallback(() => {
    void call('auth.logout', {}).finally(() => {
      lastUser.id = null;
      setSession(null);
      setGate({ state: 'login', message: null });
    });
  }, []);
  const signedIn = (sessionId: string, user: SessionUser) => {
    setSession(sessionId || null);
    if (lastUser.id !== user.id) window.location.hash = '#/';
    lastUser.id = user.id;
    setGate({ state: 'in', user });
  };

  switch (gate.state) {
    case 'checking':
      return <p className="loading">กำลังเปิด…</p>;
    case 'setup':
      return <SetupForm dataDir={gate.dataDir} onDone={signedIn} />;
    case 'login':
      return <LoginForm message={gate.message} onDone={signedIn} />;
    case 'in':
      return <UserCtx.Provider value={gate.user}>{children(gate.user, logout)}</UserCtx.Provider>;
  }
}

function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth-page">
      <div className="auth-card">
        <div className="app-name">Saraban Desk · ระบบทะเบียนหนังสือราชการ</div>
        <h1>{title}</h1>
        {children}
      </div>
    </div>
  );
}

function LoginForm({ message, onDone }: { message: string | null; onDone: (sessionId: string, user: SessionUser) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(message);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const parsed = loginInput.safeParse({ username, password });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    try {
      const r = await must('auth.login', { username, password });
      onDone(r.sessionId, r.user);
    } catch (e) {
      setErrors(e instanceof ApiCallError ? e.fields : {});
      setFailure(errorMessage(e));
    }
  };
  return (
    <AuthCard title="เข้าสู่ระบบ">
      <form className="entry-form auth-form" aria-label="เข้าสู่ระบบ" onSubmit={(e) => void submit(e)} noValidate>
        <Field id="login-username" label="ชื่อผู้ใช้" error={errors.username}>
          <input id="login-username" type="text" autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </Field>
        <Field id="login-password" label="รหัสผ่าน" error={errors.password}>
          <input id="login-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <FormError message={failure} />
        <div className="form-actions">
          <button type="submit" className="primary">
            เข้าสู่ระบบ
          </button>
        </div>
      </form>
    </AuthCard>
  );
}

function SetupForm({ dataDir, onDone }: { dataDir: FirstRunDataDir | null; onDone: (sessionId: string, user: SessionUser) => void }) {
  const [v, setV] = useState({ username: 'admin', displayName: '', password: '', confirm: '', dataDir: dataDir?.dataDir ?? '' });
  /** Where the register is now: after a move, a second submit does not move it again. */
  const [current, setCurrent] = useState(dataDir?.dataDir ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const input = { username: v.username, displayName: v.displayName, password: v.password };
    const parsed = setupAdminInput.safeParse(input);
    // A typo in the only admin's password locks the office out: it is typed twice.
    const found = parsed.success ? {} : fieldErrors(parsed.error);
    if (v.confirm !== v.password) found.confirm = 'รหัสผ่านทั้งสองช่องไม่ตรงกัน กรุณาพิมพ์ใหม่';
    const move = dataDir?.canChoose && v.dataDir.trim() !== current ? moveDataDirInput.safeParse({ to: v.dataDir }) : null;
    if (move && !move.success) found.dataDir = fieldErrors(move.error).to ?? 'ที่อยู่โฟลเดอร์ไม่ถูกต้อง';
    if (Object.keys(found).length > 0) return setErrors(found);
    setErrors({});
    setFailure(null);
    try {
      if (move?.success) {
        // First the folder (the empty register moves there: copy, verify, switch), then the
        // admin is created in the register at its new place.
        setBusy('กำลังย้ายทะเบียนไปยังโฟลเดอร์ที่เลือก…');
        try {
          const moved = await must('auth.setupDataDir', move.data);
          setCurrent(moved.to);
        } catch (e) {
          setErrors({ dataDir: errorMessage(e) });
          return;
        }
      }
      setBusy('กำลังสร้างบัญชี…');
      const r = await must('auth.setupAdmin', input);
      onDone(r.sessionId, r.user);
    } catch (e) {
      setErrors(e instanceof ApiCallError ? e.fields : {});
      setFailure(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const field = (k: keyof typeof v, label: string, type = 'text', hint?: ReactNode) => (
    <Field id={`setup-${k}`} label={label} error={errors[k]} hint={hint}>
      <input id={`setup-${k}`} type={type} value={v[k]} onChange={(e) => setV((o) => ({ ...o, [k]: e.target.value }))} />
    </Field>
  );
  return (
    <AuthCard title="เริ่มใช้งานครั้งแรก: สร้างบัญชีผู้ดูแลระบบ">
      <form className="entry-form auth-form" aria-label="สร้างบัญชีผู้ดูแลระบบ" onSubmit={(e) => void submit(e)} noValidate>
        {field('username', 'ชื่อผู้ใช้')}
        {field('displayName', 'ชื่อ-สกุล')}
        {field('password', 'รหัสผ่าน', 'password', `อย่างน้อย ${PASSWORD_MIN} ตัวอักษร`)}
        {field('confirm', 'ยืนยันรหัสผ่าน', 'password', 'พิมพ์รหัสผ่านเดิมอีกครั้ง')}
        {dataDir ? (
          dataDir.canChoose ? (
            field(
              'dataDir',
              'โฟลเดอร์เก็บข้อมูล',
              'text',
              <>
                ทะเบียนและไฟล์แนบทั้งหมดเก็บในโฟลเดอร์นี้บนเครื่องนี้ ค่าเริ่มต้นคือ <code>{dataDir.defaultDataDir}</code> หลายสำนักงานเก็บไว้ที่ไดรฟ์ D: เช่น{' '}
                <code>D:\SarabanData</code> ต้องเป็นโฟลเดอร์ว่างที่โปรแกรมเขียนได้ ไม่อยู่ในโปรไฟล์ Roaming ของ Windows และไม่มีทะเบียนของสำนักงานอื่น
                เปลี่ยนภายหลังได้ที่ ตั้งค่าระบบ › โปรแกรมบนเครื่องนี้
              </>,
            )
          ) : (
            <p className="muted setup-note">
              โฟลเดอร์เก็บข้อมูล: <code>{dataDir.dataDir}</code> (กำหนดจากคำสั่งเปิดโปรแกรม --data-dir หรือ SARABAN_DATA_DIR)
            </p>
          )
        ) : null}
        <p className="muted setup-note">
          จดรหัสผ่านไว้ในที่ปลอดภัย หากผู้ดูแลระบบลืมรหัสผ่าน ตั้งใหม่ได้ที่เครื่องนี้เท่านั้น: เมนู Start › <b>ตั้งรหัสผ่านผู้ดูแลระบบใหม่ - Saraban Desk</b>{' '}
          (โปรแกรมที่ไม่ได้ติดตั้งด้วยตัวติดตั้ง: <code>npm run reset-admin -- --data-dir โฟลเดอร์ข้อมูล</code>)
        </p>
        <FormError message={failure} />
        {busy ? <p role="status">{busy}</p> : null}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy !== null}>
            สร้างบัญชีและเข้าสู่ระบบ
          </button>
        </div>
      </form>
    </AuthCard>
  );
}
