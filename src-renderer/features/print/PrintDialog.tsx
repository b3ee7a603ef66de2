// พิมพ์ทะเบียน: choose a book, a date range (วันนี้ · เดือนนี้ · ปีนี้ · from–to) and a group; preview
// inside the app, print through the system dialog, save a PDF, or export Excel / CSV. The core
// builds the file as a background job; this dialog polls its progress.
import { useEffect, useRef, useState } from 'react';
import type { InputOf } from '../../../src-shared/contract.js';
import type { OutgoingSeries, RegisterKind } from '../../../src-shared/domain.js';
import { REGISTER_KINDS, REGISTER_LABELS } from '../../../src-shared/domain.js';
import {
  FONT_SIZE,
  LABELS_PER_SHEET,
  REPORT_FORMAT_LABELS,
  STAMP_PAPERS,
  STAMP_PAPER_LABELS,
  reportStartInput,
  type PrintSettings,
  type ReportFormat,
  type ReportJobStatus,
  type ReportResult,
  type StampPaper,
} from '../../../src-shared/reportSchemas.js';
import { fieldErrors } from '../../../src-shared/schemas.js';
import { formatNumber } from '../../../src-shared/thai.js';
import { must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { useCan } from '../../app/AuthGate.js';
import { errorMessage } from '../../ui/Field.js';
import { isoToThaiInput, thaiInputToIso } from '../../ui/thaiDateInput.js';
import { base64ToText, saveFile } from './downloads.js';
import { PERIOD_LABELS, presetRange, type PeriodPreset } from './periods.js';
import './print.css';

const POLL_MS = 250;
/** ทะเบียนหนังสือส่ง prints both series together by date, or each on its own. */
const SERIES_PRINT_LABELS: Record<OutgoingSeries, string> = {
  all: 'หนังสือส่งและหนังสือเวียน รวมกันตามวันที่',
  normal: 'เฉพาะหนังสือส่งปกติ',
  circular: 'เฉพาะหนังสือเวียน (ทะเบียนหนังสือเวียน)',
};
const OUTPUTS: ReportFormat[] = ['html', 'print', 'pdf', 'xlsx', 'csv'];

type Request = { type: 'register'; format: ReportFormat } | { type: 'stamps'; format: 'html' | 'pdf' | 'print' };

/**
 * An A4 page (landscape: 297 mm, wider than the preview) is zoomed on screen to the preview's
 * width so every column through หมายเหตุ shows; only @media screen, so printing is unchanged.
 */
function fitPreview(frame: HTMLIFrameElement | null): void {
  const doc = frame?.contentDocument;
  if (!frame || !doc?.body) return;
  const page = doc.body.scrollWidth + 24;
  const scale = Math.min(1, (frame.clientWidth - 4) / page);
  const style = doc.createElement('style');
  style.textContent = `@media screen { html { zoom: ${scale.toFixed(3)}; } }`;
  doc.head.append(style);
}

async function runJob(input: InputOf<'reports.render'>, onStatus: (s: ReportJobStatus) => void): Promise<ReportResult> {
  const { jobId } = await must('reports.render', input);
  for (;;) {
    const status = await must('reports.status', { jobId });
    onStatus(status);
    if (status.state === 'failed') throw new Error(status.message);
    if (status.state === 'done') return must('reports.download', { jobId });
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export function PrintDialogButton({ kind, groupId = null, series = 'all' }: { kind: RegisterKind; groupId?: number | null; series?: OutgoingSeries }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        พิมพ์ทะเบียน
      </button>
      <dialog ref={dialog} className="print-dialog" aria-labelledby="print-title" onClose={() => setOpen(false)}>
        {open ? <PrintDialog kind={kind} groupId={groupId} series={series} onClose={() => dialog.current?.close()} /> : null}
      </dialog>
    </>
  );
}

function PrintDialog({
  kind: initialKind,
  groupId: initialGroup,
  series: initialSeries,
  onClose,
}: {
  kind: RegisterKind;
  groupId: number | null;
  series: OutgoingSeries;
  onClose: () => void;
}) {
  const { info, groups } = useApp();
  // Print settings are the office's (admin); others print with them as they are.
  const canSetUp = useCan()('reports.saveSettings');
  const digits = info.office.digits;
  const [kind, setKind] = useState<RegisterKind>(initialKind);
  const [preset, setPreset] = useState<PeriodPreset>('month');
  const initial = presetRange('month', info.today);
  const [fromText, setFromText] = useState(isoToThaiInput(initial.from));
  const [toText, setToText] = useState(isoToThaiInput(initial.to));
  const [groupId, setGroupId] = useState<number | null>(initialGroup);
  const [series, setSeries] = useState<OutgoingSeries>(initialSeries);
  const [settings, setSettings] = useState<PrintSettings | null>(null);
  const [paper, setPaper] = useState<StampPaper>('label');
  const [firstLabel, setFirstLabel] = useState(1);
  const [status, setStatus] = useState<ReportJobStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ html: string; printWhenLoaded: boolean } | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => {
    must('reports.getSettings', {}).then(setSettings, (e: unknown) => setError(errorMessage(e)));
  }, []);

  /** Typing a date makes the range custom. */
  const typedDate = (set: (text: string) => void) => (text: string) => {
    setPreset('custom');
    set(text);
  };

  const choosePreset = (p: PeriodPreset) => {
    setPreset(p);
    if (p === 'custom') return;
    const r = presetRange(p, info.today);
    setFromText(isoToThaiInput(r.from));
    setToText(isoToThaiInput(r.to));
  };

  const saveSettings = (next: PrintSettings) => {
    setSettings(next);
    must('reports.saveSettings', next).then(setSettings, (e: unknown) => setError(errorMessage(e)));
  };

  const run = async (req: Request) => {
    const from = thaiInputToIso(fromText);
    const to = thaiInputToIso(toText);
    const input =
      req.type === 'register'
        ? { type: 'register' as const, kind, from, to, groupId, series: kind === 'outgoing' ? series : undefined, format: req.format }
        : { type: 'stamps' as const, ids: [], range: { from, to, groupId }, paper, firstLabel: paper === 'label' ? firstLabel : 1, format: req.format };
    const parsed = reportStartInput.safeParse(input);
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      setError(Object.values(fields)[0] ?? 'ข้อมูลไม่ถูกต้อง');
      return;
    }
    setBusy(true);
    setError(null);
    setNotice(null);
    setStatus(null);
    try {
      const result = await runJob(parsed.data, setStatus);
      if (result.kind === 'printed') {
        setNotice(`ส่งไปยังเครื่องพิมพ์แล้ว (${formatNumber(result.rows, digits)} รายการ)`);
      } else if (result.mimeType.startsWith('text/html')) {
        // The preview, or printing where the core has no print dialog (the browser host).
        setPreview({ html: base64ToText(result.base64), printWhenLoaded: req.format === 'print' });
        setNotice(`${formatNumber(result.rows, digits)} รายการ`);
      } else {
        saveFile(result);
        setNotice(`บันทึกไฟล์ ${result.fileName} แล้ว (${formatNumber(result.rows, digits)} รายการ)`);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const onFrameLoad = () => {
    fitPreview(frame.current);
    if (!preview?.printWhenLoaded) return;
    // sandbox allows same-origin (no scripts), so the app can open the frame's print dialog.
    frame.current?.contentWindow?.print();
  };

  const percent = status && status.total > 0 ? Math.round((status.done / status.total) * 100) : null;

  return (
    <form method="dialog" onSubmit={(e) => e.preventDefault()}>
      <header>
        <h2 id="print-title">พิมพ์ทะเบียน</h2>
        {/* Progress and results in the header: in view at 1366x768 and at 125 % scaling. */}
        <div className="pd-progress" aria-live="polite">
          {busy ? (
            <>
              <progress max={100} value={percent ?? undefined} aria-label="ความคืบหน้า" />
              <span>{status?.message ?? 'กำลังเริ่ม…'}</span>
            </>
          ) : null}
          {notice ? <span data-testid="print-notice">{notice}</span> : null}
          {error ? (
            <span className="error" role="alert">
              {error}
            </span>
          ) : null}
        </div>
        <button type="button" className="link" onClick={onClose}>
          ปิด
        </button>
      </header>
      <div className="pd-body">
        <div className="pd-choices">
          <fieldset>
            <legend>ทะเบียน</legend>
            <select aria-label="ทะเบียน" value={kind} onChange={(e) => setKind(e.target.value as RegisterKind)}>
              {REGISTER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {REGISTER_LABELS[k].book}
                </option>
              ))}
            </select>
            {kind === 'outgoing' ? (
              <select aria-label="หนังสือที่พิมพ์" value={series} onChange={(e) => setSeries(e.target.value as OutgoingSeries)}>
                {(Object.keys(SERIES_PRINT_LABELS) as OutgoingSeries[]).map((s) => (
                  <option key={s} value={s}>
                    {SERIES_PRINT_LABELS[s]}
                  </option>
                ))}
              </select>
            ) : null}
          </fieldset>
          <fieldset>
            <legend>ช่วงวันที่ลงทะเบียน</legend>
            <div className="pd-row" role="radiogroup" aria-label="ช่วงวันที่">
              {(Object.keys(PERIOD_LABELS) as PeriodPreset[]).map((p) => (
                <label key={p}>
                  <input type="radio" name="period" checked={preset === p} onChange={() => choosePreset(p)} /> {PERIOD_LABELS[p]}
                </label>
              ))}
            </div>
            <div className="pd-row pd-dates">
              <RangeDate id="pd-from" label="ตั้งแต่" value={fromText} onChange={typedDate(setFromText)} />
              <RangeDate id="pd-to" label="ถึง" value={toText} onChange={typedDate(setToText)} />
            </div>
          </fieldset>
          <fieldset>
            <legend>กลุ่ม</legend>
            <select aria-label="กลุ่ม" value={groupId ?? ''} onChange={(e) => setGroupId(e.target.value ? Number(e.target.value) : null)}>
              <option value="">ทุกกลุ่ม(งาน)</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </fieldset>
          {settings ? (
            <details className="pd-settings">
            <summary>ตั้งค่าการพิมพ์ (เลข แนวกระดาษ ขนาดตัวอักษร)</summary>
            <fieldset disabled={!canSetUp} title={canSetUp ? undefined : 'ผู้ดูแลระบบเป็นผู้ตั้งค่าการพิมพ์'}>
              <legend>ตั้งค่าการพิมพ์</legend>
              <div className="pd-row">
                <label>
                  <input type="radio" name="digits" checked={settings.digits === 'arabic'} onChange={() => saveSettings({ ...settings, digits: 'arabic' })} /> เลขอารบิก
                </label>
                <label>
                  <input type="radio" name="digits" checked={settings.digits === 'thai'} onChange={() => saveSettings({ ...settings, digits: 'thai' })} /> เลขไทย
                </label>
              </div>
              <div className="pd-row">
                <label>
                  <input
                    type="radio"
                    name="orientation"
                    checked={settings.orientation === 'portrait'}
                    onChange={() => saveSettings({ ...settings, orientation: 'portrait' })}
                  />{' '}
                  A4 แนวตั้ง
                </label>
                <label>
                  <input
                    type="radio"
                    name="orientation"
                    checked={settings.orientation === 'landscape'}
                    onChange={() => saveSettings({ ...settings, orientation: 'landscape' })}
                  />{' '}
                  A4 แนวนอน
                </label>
              </div>
              <div className="pd-row">
                <label htmlFor="pd-font">ขนาดตัวอักษร (พอยต์)</label>
                <select id="pd-font" value={settings.fontSize} onChange={(e) => saveSettings({ ...settings, fontSize: Number(e.target.value) })}>
                  {Array.from({ length: FONT_SIZE.max - FONT_SIZE.min + 1 }, (_, i) => FONT_SIZE.min + i).map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              </div>
              <div className="pd-row">
                <label>
                  <input
                    type="checkbox"
                    checked={settings.includeCancelled}
                    onChange={(e) => saveSettings({ ...settings, includeCancelled: e.target.checked })}
                  />{' '}
                  พิมพ์รายการที่ยกเลิก (ทำเครื่องหมาย ยกเลิก)
                </label>
              </div>
            </fieldset>
            </details>
          ) : null}
          <fieldset>
            <legend>ผลลัพธ์</legend>
            <div className="pd-actions">
              {OUTPUTS.map((f) => (
                <button key={f} type="button" className={f === 'html' ? 'primary' : undefined} disabled={busy} onClick={() => void run({ type: 'register', format: f })}>
                  {REPORT_FORMAT_LABELS[f]}
                </button>
              ))}
            </div>
          </fieldset>
          {kind === 'incoming' ? (
            <fieldset>
              <legend>ตรารับหนังสือ (หนังสือรับในช่วงวันที่นี้)</legend>
              <div className="pd-row pd-inline">
                <label htmlFor="pd-paper">กระดาษ</label>
                <select id="pd-paper" aria-label="กระดาษตรารับ" value={paper} onChange={(e) => setPaper(e.target.value as StampPaper)}>
                  {STAMP_PAPERS.map((p) => (
                    <option key={p} value={p}>
                      {STAMP_PAPER_LABELS[p]}
                    </option>
                  ))}
                </select>
              </div>
              {paper === 'label' ? (
                <div className="pd-row pd-inline">
                  <label htmlFor="pd-first-label">เริ่มที่ดวงที่</label>
                  <select id="pd-first-label" value={firstLabel} onChange={(e) => setFirstLabel(Number(e.target.value))}>
                    {Array.from({ length: LABELS_PER_SHEET }, (_, i) => i + 1).map((n) => (
                      <option key={n} value={n}>
                        {n} (แถว {Math.ceil(n / 3)} ดวง {((n - 1) % 3) + 1})
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              <div className="pd-actions">
                <button type="button" disabled={busy} onClick={() => void run({ type: 'stamps', format: 'html' })}>
                  ดูตัวอย่างตรารับ
                </button>
                <button type="button" disabled={busy} onClick={() => void run({ type: 'stamps', format: 'pdf' })}>
                  ตรารับเป็น PDF
                </button>
              </div>
            </fieldset>
          ) : null}
        </div>
        <div className="pd-preview">
          {preview ? (
            <iframe
              ref={frame}
              title="ตัวอย่างก่อนพิมพ์"
              // No scripts in the report; same origin only so the app can open its print dialog.
              sandbox="allow-same-origin allow-modals"
              srcDoc={preview.html}
              onLoad={onFrameLoad}
            />
          ) : (
            <p className="pd-empty">เลือกช่วงวันที่ แล้วกด “{REPORT_FORMAT_LABELS.html}”</p>
          )}
        </div>
      </div>
    </form>
  );
}

/** One end of the date range, typed as วว/ดด/ปปปป. */
function RangeDate({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" inputMode="numeric" placeholder="วว/ดด/ปปปป" value={value} onChange={(e) => onChange(e.target.value)} />
    </>
  );
}
