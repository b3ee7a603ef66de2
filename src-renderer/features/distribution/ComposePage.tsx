// ส่งหนังสือราชการ (the manual's form): sending groups, ถึง (all government schools or chosen
// ones, by group, with search), ชั้นความเร็ว, ชั้นความลับ, เลขที่, ลงวันที่, เรื่อง, เนื้อหาโดยสรุป and up
// to five files. From an outgoing entry ("ส่ง ร.ร."/"ส่ง สพร.") it is filled from the entry and
// sends the same files. ตกลง works offline: the document waits in the outbox.
import { useMemo, useState } from 'react';
import { SECRECIES, SECRECY_LABELS, URGENCIES, URGENCY_LABELS, type Secrecy, type Urgency } from '../../../src-shared/domain.js';
import { TOP_SECRET_REFUSAL, type DirectoryOrg } from '../../../src-shared/distributionSchemas.js';
import { isoToThaiInput, thaiInputToIso } from '../../ui/thaiDateInput.js';
import { must } from '../../api/client.js';
import { useApp } from '../../app/AppContext.js';
import { navigate } from '../../app/route.js';
import { errorMessage } from '../../ui/Field.js';
import { useLoad } from '../../ui/useAsync.js';
import { AttachmentsField, draftsBusy, draftsFromEntry, type AttachmentDraft } from '../attachments/AttachmentsField.js';
import { distHref } from './distRoute.js';

export function ComposePage({ fromEntryId, channel }: { fromEntryId: string | null; channel: 'school' | 'agency' }) {
  const { info } = useApp();
  const dir = useLoad(() => must('distribution.directory', { includeInactive: false }), []);
  const groups = useLoad(() => must('groups.list', { includeInactive: false }), []);
  const source = useLoad(() => (fromEntryId ? must('entries.get', { id: fromEntryId }) : Promise.resolve(null)), [fromEntryId]);
  const loaded = !dir.loading && !groups.loading && !source.loading;
  if (dir.error || source.error) return <p className="error" role="alert">{dir.error ?? source.error}</p>;
  if (!loaded || !dir.data || !groups.data) return <p className="loading">กำลังโหลด…</p>;
  return <ComposeForm orgs={dir.data} groupNames={groups.data.map((g) => g.name)} today={info.today} source={source.data?.entry ?? null} channel={channel} />;
}

interface SourceEntry {
  id: string;
  docNo: string;
  docDate: string;
  subject: string;
  urgency: Urgency;
  secrecy: Secrecy;
  attachments: { sha256: string; name: string; size: number; mimeType: string; description: string; position: number }[];
}

function ComposeForm({ orgs, groupNames, today, source, channel }: { orgs: DirectoryOrg[]; groupNames: string[]; today: string; source: SourceEntry | null; channel: 'school' | 'agency' }) {
  const candidates = useMemo(() => orgs.filter((o) => (channel === 'agency' ? o.kind === 'agency' : o.kind !== 'agency')), [orgs, channel]);
  const [sendGroups, setSendGroups] = useState<string[]>([]);
  const [mode, setMode] = useState<'all' | 'some'>(channel === 'agency' ? 'some' : 'all');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [urgency, setUrgency] = useState<Urgency>(source?.urgency ?? 'normal');
  const [secrecy, setSecrecy] = useState<Secrecy>(source?.secrecy ?? 'none');
  const [docNo, setDocNo] = useState(source?.docNo ?? '');
  const [docDate, setDocDate] = useState(isoToThaiInput(source?.docDate ?? today));
  const [subject, setSubject] = useState(source?.subject ?? '');
  const [summary, setSummary] = useState('');
  const [files, setFiles] = useState<AttachmentDraft[]>(() => (source ? draftsFromEntry(source as never) : []));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const byGroup = useMemo(() => {
    const m = new Map<string, DirectoryOrg[]>();
    const f = filter.trim();
    for (const o of candidates) {
      if (f && !o.name.includes(f) && !(o.schoolCode ?? '').includes(f)) continue;
      const key = o.kind === 'office' ? 'สำนักงานเขตพื้นที่' : o.network || 'ไม่ระบุกลุ่ม';
      m.set(key, [...(m.get(key) ?? []), o]);
    }
    return [...m.entries()];
  }, [candidates, filter]);
  const toggle = (id: string, on: boolean) => setChosen((s) => {
    const n = new Set(s);
    if (on) n.add(id);
    else n.delete(id);
    return n;
  });

  const submit = async () => {
    setError(null);
    if (secrecy === 'top_secret') {
      setError(TOP_SECRET_REFUSAL);
      return;
    }
    setBusy(true);
    try {
      const { id } = await must('distribution.compose', {
        channel,
        groups: sendGroups,
        allGovernment: mode === 'all',
        orgIds: mode === 'some' ? [...chosen] : [],
        urgency,
        secrecy,
        docNo,
        docDate: thaiInputToIso(docDate),
        subject,
        summary,
        sourceEntryId: source?.id ?? null,
        attachments: files.map((f) => (f.stagedId ? { stagedId: f.stagedId, description: f.description } : { sha256: f.sha256 as string, description: f.description })),
      });
      navigate(distHref.sentDoc(id));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="entry-form" aria-label="ส่งหนังสือราชการ" onSubmit={(e) => (e.preventDefault(), void submit())}>
      <h1>{channel === 'agency' ? 'ส่งหนังสือถึงหน่วยงานภายนอก (ส่ง สพร.)' : 'ส่งหนังสือราชการ'}</h1>
      {source ? <p className="notice">ส่งจากทะเบียนหนังสือส่ง: {source.docNo} (ไฟล์เดียวกับในทะเบียน ไม่ต้องแนบใหม่)</p> : null}
      {groupNames.length > 0 ? (
        <fieldset className="groups-box">
          <legend>กลุ่มที่ส่ง</legend>
          {groupNames.map((g) => (
            <label key={g}>
              <input type="checkbox" checked={sendGroups.includes(g)} onChange={(e) => setSendGroups((s) => (e.target.checked ? [...s, g] : s.filter((x) => x !== g)))} /> {g}
            </label>
          ))}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>ถึง</legend>
        {channel === 'school' ? (
          <label>
            <input type="radio" name="to-mode" checked={mode === 'all'} onChange={() => setMode('all')} /> สถานศึกษารัฐบาลทุกแห่ง
          </label>
        ) : null}{' '}
        <label>
          <input type="radio" name="to-mode" checked={mode === 'some'} onChange={() => setMode('some')} /> {channel === 'school' ? 'สถานศึกษาบางแห่ง' : 'เลือกหน่วยงาน'}
        </label>
        {mode === 'some' ? (
          <div>
            <input aria-label="ค้นหาโรงเรียน" placeholder="ค้นหาโรงเรียน (ชื่อหรือรหัส)" value={filter} onChange={(e) => setFilter(e.target.value)} /> เลือกแล้ว {chosen.size} แห่ง
            <div className="recipients-box">
              {byGroup.map(([group, list]) => (
                <fieldset key={group}>
                  <legend>
                    {group}{' '}
                    <button type="button" className="link" onClick={() => list.forEach((o) => toggle(o.id, true))}>
                      เลือกทั้งกลุ่ม
                    </button>
                  </legend>
                  {list.map((o) => (
                    <label key={o.id}>
                      <input type="checkbox" checked={chosen.has(o.id)} onChange={(e) => toggle(o.id, e.target.checked)} /> {o.schoolCode ? `${o.schoolCode} ` : ''}
                      {o.name}
                    </label>
                  ))}
                </fieldset>
              ))}
              {byGroup.length === 0 ? <p className="muted">ไม่พบในทำเนียบ (ทำเนียบมาจากเซิร์ฟเวอร์เมื่อเชื่อมต่อครั้งแรก)</p> : null}
            </div>
          </div>
        ) : null}
      </fieldset>
      <div className="form-grid">
        <label>
          ชั้นความเร็ว{' '}
          <select value={urgency} onChange={(e) => setUrgency(e.target.value as Urgency)}>
            {URGENCIES.map((u) => <option key={u} value={u}>{URGENCY_LABELS[u]}</option>)}
          </select>
        </label>{' '}
        <label>
          ชั้นความลับ{' '}
          <select value={secrecy} onChange={(e) => setSecrecy(e.target.value as Secrecy)}>
            {SECRECIES.map((s) => <option key={s} value={s}>{SECRECY_LABELS[s]}</option>)}
          </select>
        </label>
        <div>
          <label>เลขที่หนังสือ <input value={docNo} onChange={(e) => setDocNo(e.target.value)} /></label>{' '}
          <label>ลงวันที่ <input value={docDate} onChange={(e) => setDocDate(e.target.value)} /></label>
        </div>
        <div>
          <label>เรื่อง <input style={{ width: '40rem', maxWidth: '100%' }} value={subject} onChange={(e) => setSubject(e.target.value)} /></label>
        </div>
        <div>
          <label>เนื้อหาโดยสรุป<br /><textarea rows={3} style={{ width: '40rem', maxWidth: '100%' }} value={summary} onChange={(e) => setSummary(e.target.value)} /></label>
        </div>
      </div>
      <AttachmentsField value={files} onChange={setFiles} disabled={busy} />
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy || draftsBusy(files)}>ตกลง</button>
      </div>
    </form>
  );
}
