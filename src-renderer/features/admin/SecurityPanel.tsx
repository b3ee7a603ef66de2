// ความปลอดภัย (admin): the idle time after which the app locks, and one's own password.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiCallError, must } from '../../api/client.js';
import { errorMessage, Field, FormError } from '../../ui/Field.js';

export function SecurityPanel() {
  const [minutes, setMinutes] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [pw, setPw] = useState({ current: '', next: '' });
  const [pwErrors, setPwErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    void must('security.get', {}).then((s) => setMinutes(String(s.idleMinutes)));
  }, []);
  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    try {
      const s = await must('security.save', { idleMinutes: Number(minutes) });
      setMessage(`บันทึกแล้ว: ล็อกหน้าจอเมื่อไม่มีการใช้งาน ${s.idleMinutes} นาที`);
      setError(undefined);
    } catch (e) {
      setError(e instanceof ApiCallError ? (e.fields.idleMinutes ?? e.message) : errorMessage(e));
    }
  };
  const changePassword = async (ev: FormEvent) => {
    ev.preventDefault();
    try {
      await must('auth.changePassword', pw);
      setPw({ current: '', next: '' });
      setPwErrors({});
      setMessage('เปลี่ยนรหัสผ่านแล้ว');
    } catch (e) {
      setPwErrors(e instanceof ApiCallError ? { ...e.fields, _: e.message } : { _: errorMessage(e) });
    }
  };
  return (
    <div>
      <form className="inline-form" onSubmit={(e) => void save(e)} noValidate>
        <Field id="s-idle" label="ล็อกหน้าจอเมื่อไม่มีการใช้งาน (นาที)" error={error}>
          <input id="s-idle" className="short" type="number" min={1} max={480} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </Field>
        <button type="submit">บันทึก</button>
      </form>
      {message ? <p role="status">{message}</p> : null}
      <form className="entry-form" aria-label="เปลี่ยนรหัสผ่านของฉัน" onSubmit={(e) => void changePassword(e)} noValidate>
        <h2>เปลี่ยนรหัสผ่านของฉัน</h2>
        <Field id="pw-current" label="รหัสผ่านเดิม" error={pwErrors.current}>
          <input id="pw-current" type="password" autoComplete="current-password" value={pw.current} onChange={(e) => setPw((p) => ({ ...p, current: e.target.value }))} />
        </Field>
        <Field id="pw-next" label="รหัสผ่านใหม่" error={pwErrors.next}>
          <input id="pw-next" type="password" autoComplete="new-password" value={pw.next} onChange={(e) => setPw((p) => ({ ...p, next: e.target.value }))} />
        </Field>
        <FormError message={pwErrors._} />
        <div className="form-actions">
          <button type="submit">เปลี่ยนรหัสผ่าน</button>
        </div>
      </form>
    </div>
  );
}
