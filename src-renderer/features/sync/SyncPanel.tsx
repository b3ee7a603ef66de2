// การเชื่อมต่อเซิร์ฟเวอร์ (settings): enrol this desktop with the server URL and the one-time code
// from the server's administrator; see the status; the items the server refused, each with its
// reason, to send again or to export for the administrator.
import { useState, type FormEvent } from 'react';
import { REGISTER_LABELS, type RegisterKind } from '../../../src-shared/domain.js';
import { fieldErrors } from '../../../src-shared/schemas.js';
import { syncEnrolInput, type OrgView } from '../../../src-shared/syncSchemas.js';
import { formatNumber, formatThaiDateTime } from '../../../src-shared/thai.js';
import { ApiCallError, must } from '../../api/client.js';
import { errorMessage, Field } from '../../ui/Field.js';
import { saveText } from '../print/downloads.js';
import { OfficeKeySection } from './OfficeKeySection.js';
import { useSyncStatus } from './useSyncStatus.js';

export function SyncPanel() {
  const { status, syncing, syncNow, refresh } = useSyncStatus();
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const enrol = async (ev: FormEvent) => {
    ev.preventDefault();
    setMessage(null);
    const parsed = syncEnrolInput.safeParse({ serverUrl, code, deviceName: '' });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setBusy(true);
    try {
      const s = await must('sync.enrol', parsed.data);
      setErrors({});
      setCode('');
      setMessage(`เชื่อมต่อกับเซิร์ฟเวอร์ของ ${s.orgName ?? ''} แล้ว`);
      await refresh();
    } catch (e) {
      setErrors(e instanceof ApiCallError ? { ...e.fields, _: e.message } : { _: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const retry = async (seq: number) => {
    try {
      await must('sync.retryRejected', { seq });
      await syncNow();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  const exportRejected = async () => {
    try {
      const file = await must('sync.exportRejected', {});
      saveText(file.fileName, file.content);
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  return (
    <div className="sync-panel">
      {status?.configured ? (
        <dl className="sync-facts">
          <dt>เซิร์ฟเวอร์</dt>
          <dd>{status.serverUrl}</dd>
          <dt>หน่วยงาน</dt>
          <dd>{status.orgName}</dd>
          <dt>สถานะ</dt>
          <dd data-testid="sync-state">{status.state === 'offline' ? 'ออฟไลน์' : status.state === 'syncing' ? 'กำลังส่งข้อมูล' : 'ออนไลน์'}</dd>
          <dt>รอส่ง</dt>
          <dd>{formatNumber(status.pending)} รายการ</dd>
          <dt>ส่งสำเร็จล่าสุด</dt>
          <dd>{status.lastSuccessText ?? 'ยังไม่เคย'}</dd>
          {status.lastError ? (
            <>
              <dt>ปัญหาล่าสุด</dt>
              <dd className="error">{status.lastError}</dd>
            </>
          ) : null}
          {status.clockWarning ? (
            <>
              <dt>นาฬิกาเครื่อง</dt>
              <dd className="error" data-testid="sync-clock-warning">{status.clockWarning}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>เครื่องนี้ยังไม่ได้เชื่อมต่อเซิร์ฟเวอร์กลาง ทำงานแบบออฟไลน์ได้ตามปกติ ข้อมูลจะรอส่งเมื่อเชื่อมต่อแล้ว</p>
      )}
      {status?.configured ? (
        <p>
          <button type="button" className="button primary" onClick={() => void syncNow()} disabled={syncing}>
            ส่งข้อมูลตอนนี้
          </button>
        </p>
      ) : null}

      <form className="inline-form" onSubmit={(e) => void enrol(e)} noValidate aria-label="เชื่อมต่อเซิร์ฟเวอร์">
        <Field id="sync-url" label="ที่อยู่เซิร์ฟเวอร์" error={errors.serverUrl}>
          <input id="sync-url" type="url" value={serverUrl} placeholder="https://saraban.example.go.th" onChange={(e) => setServerUrl(e.target.value)} />
        </Field>
        <Field id="sync-code" label="รหัสลงทะเบียนเครื่อง (ใช้ได้ครั้งเดียว)" error={errors.code}>
          <input id="sync-code" type="text" value={code} placeholder="XXXX-XXXX-XXXX" autoComplete="off" onChange={(e) => setCode(e.target.value)} />
        </Field>
        <button type="submit" className="button" disabled={busy}>
          {status?.configured ? 'ลงทะเบียนเครื่องใหม่' : 'เชื่อมต่อ'}
        </button>
      </form>
      {errors._ ? <p className="error" role="alert">{errors._}</p> : null}
      {message ? <p className="notice" role="status">{message}</p> : null}

      {status?.configured ? <BooksSection myDeviceId={status.deviceId ?? ''} onDone={() => void refresh()} /> : null}

      <OfficeKeySection key={status?.configured ? 'enrolled' : 'not-enrolled'} />

      {status && status.rejected.length > 0 ? (
        <section aria-label="รายการที่เซิร์ฟเวอร์ไม่รับ">
          <h2>รายการที่เซิร์ฟเวอร์ไม่รับ ({formatNumber(status.rejected.length)})</h2>
          <p>
            <button type="button" className="button" onClick={() => void exportRejected()}>
              ส่งออกรายการ (ไฟล์ JSON)
            </button>
          </p>
          <table className="grid">
            <thead>
              <tr>
                <th>ทะเบียน</th>
                <th>เลขทะเบียน</th>
                <th>เรื่อง</th>
                <th>เหตุผล</th>
                <th>เมื่อ</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {status.rejected.map((r) => (
                <tr key={r.seq}>
                  <td>{r.kind ? `${REGISTER_LABELS[r.kind as RegisterKind]?.book ?? r.kind} ${r.year ?? ''}` : '-'}</td>
                  <td>{r.registerNo ?? '-'}</td>
                  <td>{r.subject ?? '-'}</td>
                  <td>{r.reason}</td>
                  <td>{formatThaiDateTime(r.createdAt)}</td>
                  <td>
                    <button type="button" className="button small" onClick={() => void retry(r.seq)}>
                      ส่งใหม่
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}

/** The books of the organisation and who holds them; the holder may hand one to another PC. */
function BooksSection({ myDeviceId, onDone }: { myDeviceId: string; onDone: () => void }) {
  const [view, setView] = useState<OrgView | null>(null);
  const [target, setTarget] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const load = async () => {
    setMessage(null);
    try {
      setView(await must('sync.listBooks', {}));
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };
  const handover = async (kind: RegisterKind, year: number) => {
    const to = target[`${kind}:${year}`];
    if (!to) return;
    try {
      await must('sync.handover', { kind, year, toDeviceId: to });
      setMessage(`ส่งมอบ${REGISTER_LABELS[kind].book} ปี ${year} แล้ว`);
      onDone();
      await load();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const revoke = async (deviceId: string, deviceName: string) => {
    try {
      setView(await must('sync.revokeDevice', { deviceId, reason: reasons[deviceId] ?? '' }));
      setMessage(`ยกเลิกสิทธิ์เครื่อง "${deviceName}" แล้ว ทะเบียนที่เครื่องนั้นถืออยู่ให้ผู้ดูแลเซิร์ฟเวอร์โอนให้เครื่องอื่น`);
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };
  const name = (id: string) => (id === myDeviceId ? 'เครื่องนี้' : (view?.devices.find((d) => d.id === id)?.name ?? id));
  return (
    <section aria-label="ทะเบียนของแต่ละเครื่อง">
      <h2>ทะเบียนของแต่ละเครื่อง</h2>
      <p>
        <button type="button" className="button" onClick={() => void load()}>
          {view ? 'โหลดใหม่' : 'ดูว่าเครื่องใดถือทะเบียนเล่มใด'}
        </button>
      </p>
      {message ? <p className="notice" role="status">{message}</p> : null}
      {view ? (
        <table className="grid">
          <thead>
            <tr>
              <th>ทะเบียน</th>
              <th>ปี</th>
              <th>เครื่องที่ถือ</th>
              <th>เลขถัดไป</th>
              <th>ส่งมอบให้</th>
            </tr>
          </thead>
          <tbody>
            {view.books.map((b) => {
              const key = `${b.kind}:${b.year}`;
              const mine = b.holderDeviceId === myDeviceId;
              return (
                <tr key={key}>
                  <td>{REGISTER_LABELS[b.kind].book}</td>
                  <td>{b.year}</td>
                  <td>{name(b.holderDeviceId)}</td>
                  <td>{b.nextNo}</td>
                  <td>
                    {mine ? (
                      <>
                        <select aria-label={`ส่งมอบ${REGISTER_LABELS[b.kind].book} ${b.year} ให้`} value={target[key] ?? ''} onChange={(e) => setTarget({ ...target, [key]: e.target.value })}>
                          <option value="">เลือกเครื่อง</option>
                          {view.devices
                            .filter((d) => d.id !== myDeviceId)
                            .map((d) => (
                              <option key={d.id} value={d.id}>
                                {d.name}
                              </option>
                            ))}
                        </select>{' '}
                        <button type="button" className="button small" disabled={!target[key]} onClick={() => void handover(b.kind, b.year)}>
                          ส่งมอบ
                        </button>
                      </>
                    ) : (
                      '-'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {view ? (
        <>
          <h2>เครื่องของหน่วยงาน</h2>
          <table className="grid" aria-label="เครื่องของหน่วยงาน">
            <thead>
              <tr>
                <th>เครื่อง</th>
                <th>ลงทะเบียนเมื่อ</th>
                <th>ส่งข้อมูลล่าสุด</th>
                <th>ยกเลิกสิทธิ์ (เครื่องหายหรือเลิกใช้)</th>
              </tr>
            </thead>
            <tbody>
              {view.devices.map((d) => (
                <tr key={d.id}>
                  <td>{d.id === myDeviceId ? `${d.name} (เครื่องนี้)` : d.name}</td>
                  <td>{formatThaiDateTime(d.enrolledAt)}</td>
                  <td>{d.lastSeenAt ? formatThaiDateTime(d.lastSeenAt) : 'ยังไม่เคย'}</td>
                  <td>
                    {d.id === myDeviceId ? (
                      '-'
                    ) : (
                      <>
                        <input
                          aria-label={`เหตุผลที่ยกเลิกสิทธิ์ ${d.name}`}
                          placeholder="เหตุผล"
                          maxLength={500}
                          value={reasons[d.id] ?? ''}
                          onChange={(e) => setReasons({ ...reasons, [d.id]: e.target.value })}
                        />{' '}
                        <button type="button" className="button small danger" disabled={!(reasons[d.id] ?? '').trim()} onClick={() => void revoke(d.id, d.name)}>
                          ยกเลิกสิทธิ์
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
