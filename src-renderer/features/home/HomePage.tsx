// รายการหลัก: what happened today, the latest entries, what is urgent.
import { useState } from 'react';
import type { HomeSummary } from '../../../src-shared/contract.js';
import { displayDocNo } from '../../../src-shared/docNumber.js';
import type { Entry } from '../../../src-shared/domain.js';
import { REGISTER_KINDS, REGISTER_LABELS, URGENCY_LABELS } from '../../../src-shared/domain.js';
import { formatNumber, formatThaiDateLong, formatThaiDateTime, type DigitStyle } from '../../../src-shared/thai.js';
import { must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { useCan } from '../../app/AuthGate.js';
import { href, navigate, setFlash, takeFlash } from '../../app/route.js';
import { demoLoadedText } from '../setup/OfficeSetupWizard.js';
import { errorMessage, FormError } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { Marks, registerNumberText } from '../registers/columns.js';
import { RestoreLossesPanel } from '../restore/RestoreLossesPanel.js';
import { AuditAlertNotice } from './AuditAlertNotice.js';

const SHORT_KIND: Record<Entry['kind'], string> = { incoming: 'รับ', outgoing: 'ส่ง', order: 'คำสั่ง', certificate: 'เกียรติบัตร' };

interface HomeData {
  summary: HomeSummary;
  totalEntries: number;
}

export function HomePage() {
  const { info, reload: reloadApp } = useApp();
  const can = useCan();
  const digits = info.office.digits;
  const { data, error } = useLoad<HomeData>(async () => {
    const [summary, ...pages] = await Promise.all([
      must('home.summary', {}),
      ...REGISTER_KINDS.map((kind) => must('entries.list', { kind, page: 1, pageSize: 5 })),
    ]);
    return { summary, totalEntries: pages.reduce((n, p) => n + p.total, 0) };
  }, []);
  const [demoError, setDemoError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [flash] = useState(takeFlash);

  const loadDemo = async () => {
    setLoading(true);
    try {
      const r = await must('demo.load', {});
      await reloadApp();
      // The demo's letters are dated 16 พ.ย. 2566, so today's counts stay 0: open the register on them.
      setFlash(demoLoadedText(r.loaded));
      navigate(href.list('incoming'));
    } catch (e) {
      setDemoError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };

  if (error) return <p className="error" role="alert">{error}</p>;
  if (!data) return <p className="loading">กำลังโหลด…</p>;
  const { summary } = data;
  return (
    <section className="home">
      <div className="page-head">
        <h1>รายการหลัก</h1>
        <div className="muted">วันนี้ {formatThaiDateLong(summary.today, digits)}</div>
      </div>
      {flash ? <p className="flash" role="status">{flash}</p> : null}
      <AuditAlertNotice />
      <RestoreLossesPanel />
      {data.totalEntries === 0 && can('demo.load') ? (
        <div className="notice">
          <p>ทะเบียนยังว่าง เริ่มจากตั้งค่าระบบ (ชื่อหน่วยงาน กลุ่ม บุคคล) หรือโหลดข้อมูลตัวอย่างเพื่อทดลองใช้</p>
          <button type="button" className="primary" disabled={loading} onClick={() => void loadDemo()}>
            โหลดข้อมูลตัวอย่าง (สพป.เชียงใหม่ เขต 5)
          </button>
          <FormError message={demoError} />
        </div>
      ) : null}
      <div className="cards" aria-label="ลงทะเบียนวันนี้">
        {REGISTER_KINDS.map((k) => (
          <a key={k} className="card" href={href.list(k)}>
            <div className="card-label">{REGISTER_LABELS[k].book}</div>
            <div className="card-count" data-kind={k}>
              {formatNumber(summary.counts[k], digits)}
            </div>
            <div className="card-sub">รายการวันนี้</div>
          </a>
        ))}
      </div>
      <div className="quick">
        {REGISTER_KINDS.filter(() => can('entries.create')).map((k) => (
          <a key={k} className="button" href={href.create(k)}>
            {REGISTER_LABELS[k].action}
          </a>
        ))}
      </div>
      <div className="home-columns">
        <div>
          <h2>ลงทะเบียนล่าสุดวันนี้</h2>
          <EntryTable entries={summary.latest} digits={digits} empty="วันนี้ยังไม่มีการลงทะเบียน" />
        </div>
        <div>
          <h2 className="urgent-text">หนังสือด่วน</h2>
          <EntryTable entries={summary.urgent} digits={digits} empty="ไม่มีหนังสือด่วนค้าง" urgent />
        </div>
      </div>
    </section>
  );
}

function EntryTable({ entries, digits, empty, urgent }: { entries: Entry[]; digits: DigitStyle; empty: string; urgent?: boolean }) {
  if (entries.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="entries compact">
      <thead>
        <tr>
          <th>ทะเบียน</th>
          <th>เลข</th>
          <th>เรื่อง</th>
          <th>{urgent ? 'ความด่วน' : 'เวลา'}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} className={e.status === 'cancelled' ? 'cancelled' : undefined}>
            <td className="nowrap">{SHORT_KIND[e.kind]}</td>
            <td className="nowrap">
              <a href={href.details(e.kind, e.id)}>{registerNumberText(e, digits)}</a>
            </td>
            <td className="col-subject">
              <Marks e={e} />
              {e.kind === 'outgoing' ? `${displayDocNo(e, digits)} · ` : ''}
              {e.subject}
            </td>
            <td className={urgent ? 'urgent-text nowrap' : 'nowrap'}>{urgent ? URGENCY_LABELS[e.urgency] : formatThaiDateTime(e.registeredAt, digits).replace(/^.* (\S+ น\.)$/, '$1')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
