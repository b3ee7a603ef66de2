// เลขทะเบียน: an office that switches mid-year continues its paper numbering. Per register and
// BE year: the next number (and the ว circular sequence), set with a reason, every change listed.
import { useState, type FormEvent } from 'react';
import type { Book, NumberChange, RegisterKind } from '../../../src-shared/domain.js';
import { REGISTER_KINDS, REGISTER_LABELS } from '../../../src-shared/domain.js';
import { fieldErrors, setNextNumberInput } from '../../../src-shared/schemas.js';
import { applyDigits, beYearOf, formatNumber, formatThaiDateTime, toArabicDigits, type DigitStyle } from '../../../src-shared/thai.js';
import { ApiCallError, must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { errorMessage, Field, FormError } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';

/** A register number as written on paper: never "3,959". */
const registerNo = (n: number, digits: DigitStyle): string => applyDigits(String(n), digits);

/** The core's refusal names its field; shown there, it is not repeated under the form. */
function refusal(e: ApiCallError): Record<string, string> {
  return Object.values(e.fields).includes(e.message) ? e.fields : { ...e.fields, _: e.message };
}

export function NumbersPanel() {
  const { info } = useApp();
  const digits = info.office.digits;
  const [kind, setKind] = useState<RegisterKind>('incoming');
  const [yearText, setYearText] = useState(String(beYearOf(info.today)));
  const year = Number(toArabicDigits(yearText));
  const { data, reload } = useLoad<{ books: Book[]; changes: NumberChange[] }>(async () => {
    const [books, changes] = await Promise.all([must('books.list', { kind }), must('books.numberChanges', { kind })]);
    return { books, changes };
  }, [kind]);
  const book = data?.books.find((b) => b.year === year);
  const [sequence, setSequence] = useState<'main' | 'circular'>('main');
  const [next, setNext] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setMessage(null);
    const input = { kind, year, sequence: kind === 'outgoing' ? sequence : 'main', next: next.trim() === '' ? Number.NaN : Number(toArabicDigits(next.trim())), reason };
    const parsed = setNextNumberInput.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    try {
      const b = await must('books.setNextNumber', parsed.data);
      setErrors({});
      setNext('');
      setReason('');
      setMessage(`ตั้งเลขถัดไปแล้ว: ${registerNo(input.sequence === 'main' ? b.nextNo : b.nextCircularNo, digits)}`);
      reload();
    } catch (e) {
      setErrors(e instanceof ApiCallError ? refusal(e) : { _: errorMessage(e) });
    }
  };

  return (
    <div>
      <div className="inline-form">
        <Field id="n-kind" label="ทะเบียน">
          <select id="n-kind" value={kind} onChange={(e) => setKind(e.target.value as RegisterKind)}>
            {REGISTER_KINDS.map((k) => (
              <option key={k} value={k}>
                {REGISTER_LABELS[k].book}
              </option>
            ))}
          </select>
        </Field>
        <Field id="n-year" label="ปี พ.ศ." error={errors.year}>
          <input id="n-year" type="text" inputMode="numeric" className="short" value={yearText} onChange={(e) => setYearText(e.target.value)} />
        </Field>
      </div>
      <p className="book-state" aria-live="polite">
        {REGISTER_LABELS[kind].book} ปี {yearText}: เลขถัดไป <strong data-testid="next-no">{registerNo(book?.nextNo ?? 1, digits)}</strong>
        {kind === 'outgoing' ? (
          <>
            {' '}
            · หนังสือเวียน ว ถัดไป <strong data-testid="next-circular-no">{registerNo(book?.nextCircularNo ?? 1, digits)}</strong>
          </>
        ) : null}{' '}
        · ลงทะเบียนแล้ว {formatNumber(book?.entryCount ?? 0, digits)} รายการ
      </p>
      <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate aria-label="ตั้งเลขถัดไป">
        {kind === 'outgoing' ? (
          <Field id="n-sequence" label="ลำดับเลข">
            <select id="n-sequence" value={sequence} onChange={(e) => setSequence(e.target.value as 'main' | 'circular')}>
              <option value="main">เลขทะเบียน</option>
              <option value="circular">หนังสือเวียน (ว)</option>
            </select>
          </Field>
        ) : null}
        <Field id="n-next" label="เลขถัดไป" error={errors.next}>
          <input id="n-next" type="text" inputMode="numeric" className="short" value={next} onChange={(e) => setNext(e.target.value)} />
        </Field>
        <Field id="n-reason" label="เหตุผล" error={errors.reason}>
          <input id="n-reason" type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <button type="submit" className="primary">
          ตั้งเลขถัดไป
        </button>
      </form>
      <FormError message={errors._} />
      {message ? <p className="ok" role="status">{message}</p> : null}
      {data && data.books.length ? (
        <table className="entries compact settings-table" aria-label="เล่มทะเบียนแต่ละปี">
          <thead>
            <tr>
              <th>ปี พ.ศ.</th>
              <th>เลขถัดไป</th>
              {kind === 'outgoing' ? <th>ว ถัดไป</th> : null}
              <th>ลงทะเบียนแล้ว</th>
            </tr>
          </thead>
          <tbody>
            {data.books.map((b) => (
              <tr key={b.id}>
                <td>
                  <button type="button" className="link" onClick={() => setYearText(String(b.year))}>
                    {b.year}
                  </button>
                </td>
                <td>{registerNo(b.nextNo, digits)}</td>
                {kind === 'outgoing' ? <td>{registerNo(b.nextCircularNo, digits)}</td> : null}
                <td>{formatNumber(b.entryCount, digits)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3>ประวัติการตั้งเลข</h3>
      {data && data.changes.length ? (
        <table className="entries compact settings-table">
          <thead>
            <tr>
              <th>ปี</th>
              <th>ลำดับเลข</th>
              <th>จาก</th>
              <th>เป็น</th>
              <th>เหตุผล</th>
              <th>โดย</th>
              <th>เมื่อ</th>
            </tr>
          </thead>
          <tbody>
            {data.changes.map((c) => (
              <tr key={c.id}>
                <td>{c.year}</td>
                <td>{c.sequence === 'main' ? 'เลขทะเบียน' : 'หนังสือเวียน (ว)'}</td>
                <td>{registerNo(c.before, digits)}</td>
                <td>{registerNo(c.after, digits)}</td>
                <td>{c.reason}</td>
                <td>{c.changedBy}</td>
                <td>{formatThaiDateTime(c.changedAt, digits)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">ยังไม่มีการตั้งเลข</p>
      )}
    </div>
  );
}
