import { useState, type FormEvent } from 'react';
import type { OfficeProfile } from '../../../src-shared/domain.js';
import { certificateDocNo, outgoingDocNo } from '../../../src-shared/docNumber.js';
import { fieldErrors, officeInput } from '../../../src-shared/schemas.js';
import { applyDigits, beYearOf } from '../../../src-shared/thai.js';
import { ApiCallError, must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { errorMessage, Field, FormError } from '../../ui/Field.js';

type TextKey = 'name' | 'shortName' | 'documentPrefix' | 'certificatePattern';

export function OfficePanel() {
  const { info, reload } = useApp();
  const [v, setV] = useState<OfficeProfile>(info.office);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const set = <K extends keyof OfficeProfile>(k: K, value: OfficeProfile[K]) => {
    setV((o) => ({ ...o, [k]: value }));
    setMessage(null);
  };
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const parsed = officeInput.safeParse(v);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    try {
      await must('office.save', v);
      setErrors({});
      setFailure(null);
      setMessage('บันทึกข้อมูลหน่วยงานแล้ว');
      await reload();
    } catch (e) {
      if (e instanceof ApiCallError) setErrors(e.fields);
      setFailure(errorMessage(e));
    }
  };
  const text = (k: TextKey, label: string, hint?: string) => (
    <Field id={`o-${k}`} label={label} error={errors[k]} hint={hint}>
      <input id={`o-${k}`} type="text" value={v[k]} onChange={(e) => set(k, e.target.value)} aria-invalid={errors[k] ? true : undefined} />
    </Field>
  );
  const year = beYearOf(info.today);
  const example = v.documentPrefix.trim() && !v.documentPrefix.includes('/') ? applyDigits(outgoingDocNo(v, 3959, null), v.digits) : '';
  const certExample = /\{n(?::\d+)?\}/.test(v.certificatePattern) ? applyDigits(certificateDocNo(v.certificatePattern, 1, year), v.digits) : '';
  return (
    <form className="entry-form" onSubmit={(e) => void submit(e)} noValidate aria-label="ข้อมูลหน่วยงาน">
      {text('name', 'ชื่อหน่วยงาน')}
      {text('shortName', 'ชื่อย่อ')}
      {text('documentPrefix', 'รหัสหนังสือ', example ? `ตัวอย่าง: ${example}` : 'เช่น ศธ04051')}
      <Field id="o-numberSpacing" label="เว้นวรรคเลข ว">
        <select id="o-numberSpacing" value={v.numberSpacing} onChange={(e) => set('numberSpacing', e.target.value as OfficeProfile['numberSpacing'])}>
          <option value="spaced">เว้นวรรค (ว 12)</option>
          <option value="compact">ติดกัน (ว12)</option>
        </select>
      </Field>
      <Field id="o-digits" label="ตัวเลข">
        <select id="o-digits" value={v.digits} onChange={(e) => set('digits', e.target.value as OfficeProfile['digits'])}>
          <option value="arabic">เลขอารบิก (0-9)</option>
          <option value="thai">เลขไทย (๐-๙)</option>
        </select>
      </Field>
      {text('certificatePattern', 'รูปแบบเลขเกียรติบัตร', certExample ? `ตัวอย่าง: ${certExample} ({n:4} = เลข 4 หลัก, {year} = ปี พ.ศ.)` : '{n:4} = เลข 4 หลัก, {year} = ปี พ.ศ.')}
      <FormError message={failure} />
      {message ? <p className="ok" role="status">{message}</p> : null}
      <div className="form-actions">
        <button type="submit" className="primary">
          บันทึก
        </button>
      </div>
    </form>
  );
}
