// Addresses of the รับส่งหนังสือราชการ screens (#/dist/<view>[/<id>][?from=<outgoing entry>]).
export const DIST_VIEWS = ['home', 'inbox', 'sent', 'compose', 'overdue', 'old', 'guide'] as const;
export type DistView = (typeof DIST_VIEWS)[number];

export const DIST_MENU: { view: DistView; label: string }[] = [
  { view: 'home', label: 'รายการหลัก' },
  { view: 'inbox', label: 'หนังสือรับ' },
  { view: 'sent', label: 'หนังสือส่ง' },
  { view: 'compose', label: 'ส่งหนังสือราชการ' },
  { view: 'overdue', label: 'หนังสือที่ยังไม่รับเกิน 3 วัน' },
  { view: 'old', label: 'หนังสืออายุเกิน 2 ปี' },
  { view: 'guide', label: 'คู่มือ' },
];

export const distHref = {
  view: (view: DistView) => `#/dist/${view}`,
  inboxDoc: (id: string) => `#/dist/inbox/${encodeURIComponent(id)}`,
  sentDoc: (id: string) => `#/dist/sent/${encodeURIComponent(id)}`,
  composeFrom: (entryId: string, channel: 'school' | 'agency' = 'school') => `#/dist/compose?from=${encodeURIComponent(entryId)}&channel=${channel}`,
};
