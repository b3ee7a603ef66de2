// The application menu in Thai. Electron's default menu (Reload, Force Reload, Toggle Developer
// Tools, in English) is replaced; a packaged build has no way to DevTools or to a reload that
// would drop the clerk's half-typed form. Actions that need the app (open the guide, show the
// version) are named here and wired in src-main/electron/main.ts.

export type MenuAction = 'guide' | 'about';

export type MenuRole =
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'zoomIn'
  | 'zoomOut'
  | 'resetZoom'
  | 'togglefullscreen'
  | 'reload'
  | 'toggleDevTools';

export type MenuItemSpec =
  | { type: 'separator' }
  | { label: string; role: MenuRole; accelerator?: string }
  | { label: string; action: MenuAction; accelerator?: string };

export interface MenuSpec {
  label: string;
  submenu: MenuItemSpec[];
}

export function appMenu({ packaged }: { packaged: boolean }): MenuSpec[] {
  const view: MenuItemSpec[] = [
    { label: 'ขยายตัวอักษร', role: 'zoomIn', accelerator: 'CmdOrCtrl+=' },
    { label: 'ย่อตัวอักษร', role: 'zoomOut' },
    { label: 'ขนาดปกติ', role: 'resetZoom' },
    { type: 'separator' },
    { label: 'เต็มจอ', role: 'togglefullscreen' },
  ];
  if (!packaged) view.push({ type: 'separator' }, { label: 'โหลดใหม่ (นักพัฒนา)', role: 'reload' }, { label: 'เครื่องมือนักพัฒนา', role: 'toggleDevTools' });
  return [
    { label: 'แฟ้ม', submenu: [{ label: 'ออกจากโปรแกรม', role: 'quit' }] },
    {
      label: 'แก้ไข',
      submenu: [
        { label: 'เลิกทำ', role: 'undo' },
        { label: 'ทำซ้ำ', role: 'redo' },
        { type: 'separator' },
        { label: 'ตัด', role: 'cut' },
        { label: 'คัดลอก', role: 'copy' },
        { label: 'วาง', role: 'paste' },
        { label: 'เลือกทั้งหมด', role: 'selectAll' },
      ],
    },
    { label: 'มุมมอง', submenu: view },
    {
      label: 'ช่วยเหลือ',
      submenu: [
        { label: 'คู่มือการใช้งาน', action: 'guide', accelerator: 'F1' },
        { label: 'เกี่ยวกับ Saraban Desk', action: 'about' },
      ],
    },
  ];
}
