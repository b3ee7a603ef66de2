// The app locks after the admin's idle time: no key, click or mouse move for that long ends the
// session and brings the login back. The core also ends an idle session on its own clock, so a
// call after the time is refused even if this timer never fired (a sleeping laptop).
import { useEffect, useRef } from 'react';
import { call, setSession, signalUnauthenticated } from '../../api/client.js';

const EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

export function IdleLock() {
  const last = useRef(0);
  useEffect(() => {
    last.current = Date.now();
    let minutes = 0;
    let live = true;
    const refresh = () => {
      void call('auth.status', {}).then((r) => {
        if (live && r.ok) minutes = r.value.user ? r.value.idleMinutes : 0;
      });
    };
    refresh();
    const touch = () => {
      // Returning from idle after a login elsewhere: learn the current idle time again.
      if (minutes === 0 && Date.now() - last.current > 5000) refresh();
      last.current = Date.now();
    };
    for (const e of EVENTS) window.addEventListener(e, touch, { passive: true });
    const timer = window.setInterval(() => {
      if (minutes === 0) refresh(); // not logged in yet, or just logged in
      if (minutes > 0 && Date.now() - last.current > minutes * 60_000) {
        const m = minutes;
        minutes = 0;
        void call('auth.logout', {}).finally(() => {
          setSession(null);
          signalUnauthenticated(`ล็อกหน้าจอแล้ว เพราะไม่มีการใช้งานเกิน ${m} นาที กรุณาเข้าสู่ระบบอีกครั้ง`);
        });
      }
    }, 15_000);
    return () => {
      live = false;
      window.clearInterval(timer);
      for (const e of EVENTS) window.removeEventListener(e, touch);
    };
  }, []);
  return null;
}
