// The red notice on รายการหลัก for admins: the automatic check (at start and daily) found the
// audit trail no longer matching its witnesses. It stays until an admin acknowledges it, and
// the acknowledgement is itself an event in the trail.
import { useState } from 'react';
import { formatThaiDateTime } from '../../../src-shared/thai.js';
import type { AuditAlert } from '../../../src-shared/usersSchemas.js';
import { must } from '../../api/client.js';
import { useCan } from '../../app/AuthGate.js';
import { href } from '../../app/route.js';
import { errorMessage } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';

export function AuditAlertNotice() {
  const can = useCan();
  const allowed = can('audit.alert');
  const { data, reload } = useLoad<AuditAlert | null>(() => (allowed ? must('audit.alert', {}) : Promise.resolve(null)), [allowed]);
  const [error, setError] = useState<string | null>(null);
  if (!data?.broken || !data.firstBreak) return null;
  const acknowledge = async () => {
    try {
      await must('audit.acknowledge', {});
      reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className="notice danger-notice" role="alert" aria-label="บันทึกการใช้งานไม่ถูกต้อง">
      <p>
        <strong>บันทึกการใช้งานไม่ตรงกับสำเนาที่เก็บไว้</strong> — {data.firstBreak.reason}
        {data.checkedAt ? ` (ตรวจเมื่อ ${formatThaiDateTime(data.checkedAt)})` : ''}
      </p>
      <p>อาจมีผู้แก้ไขไฟล์ทะเบียนนอกโปรแกรม กรุณาตรวจสอบที่ ตั้งค่าระบบ › บันทึกการใช้งาน และแจ้งผู้บริหาร</p>
      <div className="toolbar">
        <a className="button" href={href.settings()}>
          ไปที่ตั้งค่าระบบ
        </a>
        <button type="button" className="danger" onClick={() => void acknowledge()}>
          รับทราบ
        </button>
      </div>
      {error ? <p className="form-error">{error}</p> : null}
    </div>
  );
}
