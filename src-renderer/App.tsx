// The shell: header (office, clerk, today), the AMSS++ menu, and the current screen.
import { useEffect, useState } from 'react';
import { formatThaiDateWithWeekday } from '../src-shared/thai.js';
import { REGISTER_KINDS, REGISTER_LABELS } from '../src-shared/domain.js';
import { AppProvider, useApp } from './app/AppContext.js';
import { AuthGate, useCan } from './app/AuthGate.js';
import { href, navigate, useRoute, type Route } from './app/route.js';
import { HomePage } from './features/home/HomePage.js';
import { SettingsPage } from './features/settings/SettingsPage.js';
import { GuidePage } from './features/guide/GuidePage.js';
import { RegisterList } from './features/registers/RegisterList.js';
import { EntryFormPage } from './features/registers/EntryFormPage.js';
import { EntryDetailsPage } from './features/registers/EntryDetailsPage.js';
import { BulkCertificatesPage } from './features/registers/BulkCertificatesPage.js';
import { SyncStatus } from './features/sync/SyncStatus.js';
import { DistributionPage } from './features/distribution/DistributionPage.js';
import { OfficeSetupWizard } from './features/setup/OfficeSetupWizard.js';

export function App() {
  return (
    <AuthGate>
      {(user, logout) => (
        <AppProvider key={user?.id ?? 0}>
          <Shell onLogout={user ? logout : null} />
        </AppProvider>
      )}
    </AuthGate>
  );
}

function menuKey(route: Route): string {
  if (route.page === 'bulk') return 'certificate';
  if ('kind' in route) return route.kind;
  return route.page;
}

function Shell({ onLogout }: { onLogout: (() => void) | null }) {
  const { info } = useApp();
  const can = useCan();
  const route = useRoute();
  const active = menuKey(route);
  // Choosing the menu entry of the screen already open starts it afresh (filters cleared, reloaded).
  const [fresh, setFresh] = useState(0);
  // F1 opens คู่มือ from every screen, as in Windows programs.
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key !== 'F1') return;
      ev.preventDefault();
      navigate(href.guide());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  // The office's set-up opens by itself for the admin of a fresh install (features/setup/).
  const [setupOpen, setSetupOpen] = useState(() => !info.officeReady && can('office.save'));
  const menu: { key: string; label: string; to: string }[] = [
    { key: 'home', label: 'รายการหลัก', to: href.home() },
    ...(can('office.save') ? [{ key: 'settings', label: 'ตั้งค่าระบบ', to: href.settings() }] : []),
    ...REGISTER_KINDS.map((k) => ({ key: k, label: REGISTER_LABELS[k].book, to: href.list(k) })),
    { key: 'dist', label: 'รับส่งหนังสือราชการ', to: '#/dist/home' },
    { key: 'guide', label: 'คู่มือ', to: href.guide() },
  ];
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <div className="office-name">{info.office.name}</div>
          <div className="app-name">ระบบทะเบียนหนังสือราชการ</div>
        </div>
        <div className="header-right">
          <div className="header-extras">
            <SyncStatus />
          </div>
          <div className="user">ผู้ใช้งาน: {info.userName}</div>
          <div className="today">{formatThaiDateWithWeekday(info.today, info.office.digits)}</div>
          {onLogout ? (
            <button type="button" className="link logout" onClick={onLogout}>
              ออกจากระบบ
            </button>
          ) : null}
        </div>
      </header>
      <nav className="app-menu" aria-label="เมนูหลัก">
        {menu.map((m) => (
          <a key={m.key} href={m.to} onClick={() => {
              if (window.location.hash === m.to || (m.to === '#/' && window.location.hash === '')) setFresh((n) => n + 1);
            }} className={m.key === active ? 'active' : undefined} aria-current={m.key === active ? 'page' : undefined}>
            {m.label}
          </a>
        ))}
      </nav>
      {!info.officeReady && !setupOpen ? (
        <div className="setup-banner" role="status">
          ยังไม่ได้ตั้งค่าหน่วยงาน (ชื่อย่อและรหัสหนังสือ): ยังออกเลขหนังสือส่ง คำสั่ง และเกียรติบัตรไม่ได้{' '}
          {can('office.save') ? (
            <button type="button" className="link" onClick={() => setSetupOpen(true)}>
              ตั้งค่าหน่วยงาน
            </button>
          ) : (
            'กรุณาแจ้งผู้ดูแลระบบ'
          )}
        </div>
      ) : null}
      <main className="app-main">
        {setupOpen ? <OfficeSetupWizard onClose={() => setSetupOpen(false)} /> : <Screen key={fresh} route={route} />}
      </main>
    </div>
  );
}

/** ตั้งค่าระบบ is the admin's: the menu hides it, and an address typed by hand is refused too. */
function SettingsScreen() {
  const can = useCan();
  if (!can('office.save')) {
    return (
      <p className="error" role="alert">
        หน้าตั้งค่าระบบใช้ได้เฉพาะผู้ดูแลระบบ กรุณาแจ้งผู้ดูแลระบบของหน่วยงาน
      </p>
    );
  }
  return <SettingsPage />;
}

function Screen({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'settings':
      return <SettingsScreen />;
    case 'guide':
      return <GuidePage />;
    case 'list':
      return <RegisterList key={route.kind} kind={route.kind} />;
    case 'new':
      return <EntryFormPage key={`new-${route.kind}-${route.replyTo ?? ''}`} kind={route.kind} replyTo={route.replyTo} editId={null} />;
    case 'edit':
      return <EntryFormPage key={`edit-${route.id}`} kind={route.kind} replyTo={null} editId={route.id} />;
    case 'details':
      return <EntryDetailsPage key={route.id} kind={route.kind} id={route.id} />;
    case 'bulk':
      return <BulkCertificatesPage />;
    case 'dist':
      return <DistributionPage view={route.view} id={route.id} from={route.from} channel={route.channel} />;
  }
}
