// Thai names of the audit trail's actions.
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'entry.create': 'ลงทะเบียน',
  'entry.edit': 'แก้ไขรายการ',
  'entry.cancel': 'ยกเลิกรายการ',
  'number.change': 'เปลี่ยนเลขทะเบียนถัดไป',
  settings: 'ตั้งค่าระบบ',
  login: 'เข้าสู่ระบบ',
  'login.failed': 'เข้าสู่ระบบไม่สำเร็จ',
  logout: 'ออกจากระบบ',
  'user.create': 'เพิ่มผู้ใช้',
  'user.edit': 'แก้ไขผู้ใช้',
  'user.password': 'เปลี่ยนรหัสผ่าน',
  'user.locked': 'ล็อกบัญชี',
  'user.unlock': 'ปลดล็อกบัญชี',
  export: 'ส่งออกข้อมูล',
  backup: 'สำรองข้อมูล',
  restore: 'กู้คืนข้อมูล',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
