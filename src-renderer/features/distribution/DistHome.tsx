// รายการหลัก of the module (what waits for the clerk) and its คู่มือ.
import { must } from '../../api/client.js';
import { useLoad } from '../../ui/useAsync.js';
import { distHref } from './distRoute.js';

export function DistHome() {
  const inbox = useLoad(() => must('distribution.inbox', { archived: false, query: '', offset: 0, limit: 200 }), []);
  const overdue = useLoad(() => must('distribution.overdue', {}), []);
  const waiting = inbox.data?.rows.filter((r) => !r.registerNo && !r.withdrawnAt).length ?? 0;
  return (
    <div>
      <h1>รับส่งหนังสือราชการ</h1>
      <ul>
        <li><a href={distHref.view('inbox')}>หนังสือรับที่ยังไม่ลงรับ {waiting} ฉบับ</a></li>
        <li><a href={distHref.view('overdue')}>หนังสือที่ส่งแล้วยังมีผู้ไม่รับเกิน 3 วัน {overdue.data?.length ?? 0} ฉบับ</a></li>
        <li><a href={distHref.view('compose')}>ส่งหนังสือราชการ</a></li>
      </ul>
    </div>
  );
}

export function DistGuide() {
  return (
    <div className="guide">
      <h1>คู่มือรับส่งหนังสือราชการ</h1>
      <ol>
        <li>ส่งหนังสือ: เมนู "ส่งหนังสือราชการ" หรือปุ่ม "ส่ง ร.ร." ที่หนังสือในทะเบียนหนังสือส่ง (กรอกข้อมูลจากทะเบียนให้ ใช้ไฟล์เดิม) เลือกถึงสถานศึกษารัฐบาลทุกแห่งหรือบางแห่ง แล้วกด ตกลง ถ้าไม่มีอินเทอร์เน็ต หนังสือจะรอส่ง (รอส่ง) และส่งให้เองเมื่อเชื่อมต่อได้</li>
        <li>หนังสือลับที่สุดส่งทางระบบไม่ได้ตามระเบียบงานสารบรรณ ให้ส่งเป็นเอกสาร</li>
        <li>ติดตาม: เมนู "หนังสือส่ง" แสดง รับแล้ว n/ทั้งหมด กดเรื่องเพื่อดูว่าโรงเรียนใดรับแล้ว เมื่อใด เลขรับของโรงเรียน</li>
        <li>หนังสือที่ยังไม่รับเกิน 3 วัน: พิมพ์หรือส่งออก Excel เพื่อโทรติดตาม</li>
        <li>โรงเรียนรับหนังสือ: เมนู "หนังสือรับ" เปิดเรื่องแล้วกด "ลงรับ" ระบบลงทะเบียนหนังสือรับให้ทันทีพร้อมเลขรับและไฟล์แนบ และแจ้งผู้ส่ง ต้องลงรับที่เครื่องที่ถือทะเบียนหนังสือรับ</li>
        <li>ยกเลิกการส่ง: ทำได้เมื่อยังไม่มีผู้รับลงรับ ต้องระบุเหตุผล หลังมีผู้ลงรับแล้วให้ส่งหนังสือฉบับใหม่</li>
      </ol>
    </div>
  );
}
