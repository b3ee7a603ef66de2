// ตั้งค่าระบบ: the office profile, work groups, people, the directory and register numbers.
import { useState } from 'react';
import { ContactsPanel } from './ContactsPanel.js';
import { GroupsPanel, PeoplePanel } from './GroupsPanel.js';
import { ImportPanel } from './ImportPanel.js';
import { NumbersPanel } from './NumbersPanel.js';
import { OfficePanel } from './OfficePanel.js';
import { AttachmentSettingsPanel } from '../attachments/AttachmentSettingsPanel.js';
import { AuditPanel } from '../admin/AuditPanel.js';
import { BackupsPanel } from '../admin/BackupsPanel.js';
import { DesktopPanel } from '../admin/DesktopPanel.js';
import { SecurityPanel } from '../admin/SecurityPanel.js';
import { UsersPanel } from '../admin/UsersPanel.js';
import { SyncPanel } from '../sync/SyncPanel.js';
import { DirectoryPanel } from '../distribution/DirectoryPanel.js';

const TABS = [
  { key: 'office', label: 'ข้อมูลหน่วยงาน', panel: OfficePanel },
  { key: 'groups', label: 'กลุ่มปฏิบัติ', panel: GroupsPanel },
  { key: 'people', label: 'บุคคลปฏิบัติ', panel: PeoplePanel },
  { key: 'contacts', label: 'โรงเรียน/หน่วยงาน', panel: ContactsPanel },
  { key: 'numbers', label: 'เลขทะเบียน', panel: NumbersPanel },
  { key: 'attachments', label: 'ไฟล์แนบ', panel: AttachmentSettingsPanel },
  { key: 'sync', label: 'เซิร์ฟเวอร์กลาง', panel: SyncPanel },
  { key: 'directory', label: 'ทำเนียบสถานศึกษา', panel: DirectoryPanel },
  // Users, audit trail, backups and the idle lock (src-renderer/features/admin/).
  { key: 'users', label: 'ผู้ใช้งาน', panel: UsersPanel },
  { key: 'audit', label: 'บันทึกการใช้งาน', panel: AuditPanel },
  { key: 'backups', label: 'สำรองข้อมูล', panel: BackupsPanel },
  { key: 'security', label: 'ความปลอดภัย', panel: SecurityPanel },
  // Switching from AMSS++ (src-main/importing/).
  { key: 'import', label: 'นำเข้าข้อมูล', panel: ImportPanel },
  { key: 'desktop', label: 'โปรแกรมบนเครื่องนี้', panel: DesktopPanel },
] as const;

export function SettingsPage() {
  const [tab, setTab] = useState<(typeof TABS)[number]['key']>('office');
  const current = TABS.find((t) => t.key === tab) ?? TABS[0];
  const Panel = current.panel;
  return (
    <section className="settings">
      <div className="page-head">
        <h1>ตั้งค่าระบบ</h1>
      </div>
      <div className="tabs" role="tablist" aria-label="ตั้งค่าระบบ">
        {TABS.map((t) => (
          <button key={t.key} type="button" role="tab" aria-selected={t.key === tab} className={t.key === tab ? 'active' : undefined} onClick={() => setTab(t.key)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={current.label} className="tab-panel">
        <Panel />
      </div>
    </section>
  );
}
