import { useEffect, useState } from 'react';
import type { AppInfo } from '../src-shared/contract.js';
import { formatThaiDateWithWeekday } from '../src-shared/thai.js';
import { must } from './api/client.js';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    void must('app.info', {}).then(setInfo);
  }, []);
  if (!info) return <p>กำลังเปิด…</p>;
  return (
    <header>
      <h1>{info.office.name}</h1>
      <p>{info.userName}</p>
      <p>{formatThaiDateWithWeekday(info.today)}</p>
    </header>
  );
}
