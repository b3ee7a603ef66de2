// ผู้ใช้งาน (admin): accounts, roles, the secret right, unlocking a locked account.
import { useState, type FormEvent } from 'react';
import { formatThaiDateTime } from '../../../src-shared/thai.js';
import { ROLES, ROLE_LABELS, type Role, type UserAccount } from '../../../src-shared/usersSchemas.js';
import { ApiCallError, must } from '../../api/client.js';
import { errorMessage, Field, FormError } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';

interface Draft {
  id: number | null;
  username: string;
  displayName: string;
  role: Role;
  canSeeSecret: boolean;
  active: boolean;
  password: string;
}

const EMPTY: Draft = { id: null, username: '', displayName: '', role: 'clerk', canSeeSecret: false, active: true, password: '' };

export function UsersPanel() {
  const { data, error, reload } = useLoad<UserAccount[]>(() => must('users.list', {}), []);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    try {
      const saved = await must('users.save', { ...draft, password: draft.password ? draft.password : null });
      setMessage(`บันทึกผู้ใช้ ${saved.username} แล้ว`);
      setErrors({});
      setDraft(EMPTY);
      reload();
    } catch (e) {
      setErrors(e instanceof ApiCallError ? { ...e.fields, _: e.message } : { _: errorMessage(e) });
      setMessage(null);
    }
  };
  const unlock = async (u: UserAccount) => {
    await must('users.unlock', { id: u.id });
    setMessage(`ปลดล็อกบัญชี ${u.username} แล้ว`);
    reload();
  };
  const edit = (u: UserAccount) => {
    setDraft({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, canSeeSecret: u.canSeeSecret, active: u.active, password: '' });
    setErrors({});
  };

  return (
    <div>
      {error ? <p role="alert">{error}</p> : null}
      <table className="entries compact settings-table" aria-label="ผู้ใช้งาน">
        <thead>
          <tr>
            <th>ชื่อผู้ใช้</th>
            <th>ชื่อ-สกุล</th>
            <th>บทบาท</th>
            <th>หนังสือลับ</th>
            <th>สถานะ</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(data ?? []).map((u) => (
            <tr key={u.id} data-username={u.username}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{ROLE_LABELS[u.role]}</td>
              <td>{u.canSeeSecret ? 'เห็นได้' : '—'}</td>
              <td>{!u.active ? 'ระงับการใช้งาน' : u.lockedUntil ? `ล็อกถึง ${formatThaiDateTime(u.lockedUntil)}` : 'ใช้งาน'}</td>
              <td className="row-actions">
                <button type="button" onClick={() => edit(u)}>
                  แก้ไข
                </button>
                {u.lockedUntil ? (
                  <button type="button" onClick={() => void unlock(u)}>
                    ปลดล็อก
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form className="entry-form user-form" aria-label={draft.id === null ? 'เพิ่มผู้ใช้' : 'แก้ไขผู้ใช้'} onSubmit={(e) => void save(e)} noValidate>
        <h2>{draft.id === null ? 'เพิ่มผู้ใช้' : `แก้ไขผู้ใช้ ${draft.username}`}</h2>
        <Field id="u-username" label="ชื่อผู้ใช้" error={errors.username}>
          <input id="u-username" type="text" autoComplete="off" value={draft.username} onChange={(e) => set('username', e.target.value)} />
        </Field>
        <Field id="u-displayName" label="ชื่อ-สกุล" error={errors.displayName}>
          <input id="u-displayName" type="text" value={draft.displayName} onChange={(e) => set('displayName', e.target.value)} />
        </Field>
        <Field id="u-role" label="บทบาท" error={errors.role}>
          <select id="u-role" value={draft.role} onChange={(e) => set('role', e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="u-secret" label="หนังสือลับ">
          <label className="check">
            <input id="u-secret" type="checkbox" checked={draft.canSeeSecret} onChange={(e) => set('canSeeSecret', e.target.checked)} />
            ให้เห็นเรื่องและไฟล์ของหนังสือลับ (ลับ ลับมาก ลับที่สุด)
          </label>
        </Field>
        <Field id="u-active" label="สถานะ">
          <label className="check">
            <input id="u-active" type="checkbox" checked={draft.active} onChange={(e) => set('active', e.target.checked)} />
            ใช้งานได้
          </label>
        </Field>
        <Field id="u-password" label={draft.id === null ? 'รหัสผ่าน' : 'รหัสผ่านใหม่'} error={errors.password} hint={draft.id === null ? 'อย่างน้อย 8 ตัวอักษร' : 'เว้นว่างไว้หากไม่เปลี่ยน'}>
          <input id="u-password" type="password" autoComplete="new-password" value={draft.password} onChange={(e) => set('password', e.target.value)} />
        </Field>
        <FormError message={errors._} />
        {message ? <p className="form-error ok" role="status">{message}</p> : null}
        <div className="form-actions">
          <button type="submit" className="primary">
            บันทึกผู้ใช้
          </button>
          {draft.id !== null ? (
            <button type="button" onClick={() => setDraft(EMPTY)}>
              ยกเลิกการแก้ไข
            </button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
