// รับส่งหนังสือราชการ: the module's own menu and its screens (AMSS++'s labels).
import { DIST_MENU, distHref, type DistView } from './distRoute.js';
import { InboxPage, InboxDocumentPage } from './InboxPage.js';
import { SentPage, SentDocumentPage } from './SentPage.js';
import { ComposePage } from './ComposePage.js';
import { OverduePage } from './OverduePage.js';
import { OldDocumentsPage } from './OldDocumentsPage.js';
import { DistHome, DistGuide } from './DistHome.js';
import './distribution.css';

export function DistributionPage({ view, id, from, channel }: { view: DistView; id: string | null; from: string | null; channel: 'school' | 'agency' }) {
  return (
    <section className="dist" aria-label="รับส่งหนังสือราชการ">
      <nav className="dist-menu" aria-label="เมนูรับส่งหนังสือราชการ">
        {DIST_MENU.map((m) => (
          <a key={m.view} href={distHref.view(m.view)} className={m.view === view ? 'active' : undefined} aria-current={m.view === view ? 'page' : undefined}>
            {m.label}
          </a>
        ))}
      </nav>
      <Body view={view} id={id} from={from} channel={channel} />
    </section>
  );
}

function Body({ view, id, from, channel }: { view: DistView; id: string | null; from: string | null; channel: 'school' | 'agency' }) {
  switch (view) {
    case 'home':
      return <DistHome />;
    case 'inbox':
      return id ? <InboxDocumentPage key={id} id={id} /> : <InboxPage />;
    case 'sent':
      return id ? <SentDocumentPage key={id} id={id} /> : <SentPage />;
    case 'compose':
      return <ComposePage key={`${from ?? ''}-${channel}`} fromEntryId={from} channel={channel} />;
    case 'overdue':
      return <OverduePage />;
    case 'old':
      return <OldDocumentsPage />;
    case 'guide':
      return <DistGuide />;
  }
}
