// Updates come from the office's own central server (`npm run server -- publish-update FILE`
// puts the installer and latest.yml under /updates/). The feed address is chosen at run time
// from the server this PC is enrolled with, never baked into the build.

/** The generic-provider feed for electron-updater, or null when there is no usable server. */
export function updateFeedUrl(serverUrl: string | null): string | null {
  if (!serverUrl) return null;
  let u: URL;
  try {
    u = new URL(serverUrl);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  if (u.username || u.password) return null;
  u.search = '';
  u.hash = '';
  const base = u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`;
  u.pathname = `${base}updates/`;
  return u.toString();
}

export type UpdateState =
  | { state: 'no-server' }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'up-to-date'; checkedAt: string }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'offline' }
  | { state: 'failed'; reason: string };

/** The Thai line shown in ตั้งค่าระบบ › การอัปเดตโปรแกรม. */
export function updateStatusText(s: UpdateState): string {
  switch (s.state) {
    case 'no-server':
      return 'ยังไม่ได้เชื่อมต่อเครื่องแม่ข่าย: โปรแกรมจะรับการอัปเดตจากเครื่องแม่ข่ายของสำนักงานเมื่อเชื่อมต่อแล้ว';
    case 'idle':
      return 'ยังไม่ได้ตรวจหาการอัปเดต';
    case 'checking':
      return 'กำลังตรวจหาการอัปเดต…';
    case 'up-to-date':
      return 'โปรแกรมเป็นรุ่นล่าสุดแล้ว';
    case 'downloading':
      return `กำลังดาวน์โหลดรุ่น ${s.version} (${Math.round(s.percent)}%)`;
    case 'ready':
      return `รุ่น ${s.version} พร้อมติดตั้ง: กด "ติดตั้งการอัปเดต" หรือจะติดตั้งเองเมื่อปิดโปรแกรมครั้งถัดไป`;
    case 'offline':
      return 'ติดต่อเครื่องแม่ข่ายไม่ได้ จะตรวจหาการอัปเดตอีกครั้งเมื่อเชื่อมต่อได้';
    case 'failed':
      return `การอัปเดตไม่สำเร็จ: ${s.reason}`;
  }
}

const OFFLINE_SIGNS = /ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|net::ERR_/;

/**
 * What an updater error means for the clerk. Offline is silent (no dialog, a calm line); a
 * checksum mismatch or a broken file is a real failure the admin must see.
 */
export function updateErrorState(message: string): UpdateState {
  if (OFFLINE_SIGNS.test(message)) return { state: 'offline' };
  if (/sha512 checksum mismatch/i.test(message)) return { state: 'failed', reason: 'ไฟล์ที่ดาวน์โหลดไม่ตรงกับที่เครื่องแม่ข่ายประกาศ (sha512) จึงไม่ติดตั้ง' };
  if (/404|Cannot find latest\.yml|No published versions/i.test(message)) return { state: 'up-to-date', checkedAt: new Date().toISOString() };
  return { state: 'failed', reason: message.slice(0, 200) };
}
