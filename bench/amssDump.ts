// Writes an AMSS++-schema phpMyAdmin dump (AMSS++'s own CREATE TABLEs, multi-row INSERTs) with
// `rows` register rows over four registers and two years, and `files` attachment files on disk
// in AMSS++'s folders. Text carries the pitfalls real dumps have (quotes, semicolons, literal \r,
// zero dates, work groups that no longer exist, duplicate numbers).
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

const SUBJECTS = ['ขอความอนุเคราะห์บุคลากร', 'การประชุมผู้บริหารสถานศึกษา', 'แจ้งปฏิทินการสอบ O-NET', "โครงการ 'โรงเรียนคุณธรรม'; ระยะที่ 2", 'รายงานผลการดำเนินงาน\\r\\nประจำเดือน', 'ขออนุญาตเดินทางไปราชการ'];
const FROM = ['สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน', 'ศาลากลางจังหวัดเชียงใหม่', 'โรงเรียนบ้านพุย', 'สพป.เชียงใหม่ เขต 5'];
const q = (s: string): string => `'${s.replace(/\\(?![rn])/g, '\\\\').replace(/'/g, "\\'")}'`;
const date = (y: number, i: number): string => `${y}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;

const RECEIVE = `CREATE TABLE \`bookregister_receive\` (
  \`ms_id\` int(11) NOT NULL, \`year\` int(11) NOT NULL, \`register_number\` int(11) NOT NULL, \`book_no\` varchar(50) NOT NULL,
  \`signdate\` date NOT NULL, \`book_from\` varchar(200) NOT NULL, \`book_to\` varchar(200) NOT NULL, \`subject\` varchar(150) NOT NULL,
  \`operation\` varchar(150) DEFAULT NULL, \`workgroup\` tinyint(4) NOT NULL DEFAULT '0', \`record_type\` tinyint(4) NOT NULL DEFAULT '0',
  \`comment\` varchar(100) DEFAULT NULL, \`register_date\` date NOT NULL, \`ref_id\` varchar(50) NOT NULL, \`officer\` varchar(13) DEFAULT NULL,
  \`book_link\` tinyint(4) NOT NULL DEFAULT '0', \`secret\` tinyint(4) NOT NULL DEFAULT '0'
) ENGINE=MyISAM DEFAULT CHARSET=utf8;`;
const SEND = `CREATE TABLE \`bookregister_send\` (
  \`ms_id\` int(11) NOT NULL, \`year\` int(11) NOT NULL, \`register_number\` int(11) NOT NULL, \`book_no\` varchar(50) NOT NULL,
  \`signdate\` date NOT NULL, \`book_from\` varchar(200) NOT NULL, \`book_to\` varchar(200) NOT NULL, \`subject\` varchar(150) NOT NULL,
  \`operation\` varchar(150) DEFAULT NULL, \`workgroup\` tinyint(4) NOT NULL DEFAULT '0', \`comment\` varchar(100) DEFAULT NULL,
  \`register_date\` date NOT NULL, \`ref_id\` varchar(50) NOT NULL, \`officer\` varchar(13) DEFAULT NULL, \`secret\` tinyint(4) NOT NULL DEFAULT '0',
  \`office_type\` tinyint(4) NOT NULL DEFAULT '1'
) ENGINE=MyISAM DEFAULT CHARSET=utf8;`;
const COMMAND = `CREATE TABLE \`bookregister_command\` (
  \`ms_id\` int(11) NOT NULL, \`year\` int(11) NOT NULL, \`register_number\` int(11) NOT NULL, \`book_no\` varchar(50) NOT NULL,
  \`signdate\` date NOT NULL, \`subject\` varchar(150) NOT NULL, \`comment\` varchar(100) DEFAULT NULL, \`register_date\` date NOT NULL,
  \`officer\` varchar(13) DEFAULT NULL, \`file_name\` varchar(100) DEFAULT NULL, \`file_des\` varchar(100) DEFAULT NULL
) ENGINE=MyISAM DEFAULT CHARSET=utf8;`;
const CERT = `CREATE TABLE \`bookregister_certificate\` (
  \`ms_id\` int(11) NOT NULL, \`year\` int(11) NOT NULL, \`register_number\` int(11) NOT NULL, \`book_no\` varchar(50) NOT NULL,
  \`signdate\` date NOT NULL, \`name_cer\` varchar(150) NOT NULL, \`subject\` varchar(150) NOT NULL, \`subject2\` varchar(250) NOT NULL,
  \`comment\` varchar(100) DEFAULT NULL, \`sign_person\` varchar(4) NOT NULL, \`register_date\` date NOT NULL, \`officer\` varchar(13) DEFAULT NULL,
  \`file_name\` varchar(50) DEFAULT NULL, \`khet_print\` tinyint(4) NOT NULL DEFAULT '0', \`check_status\` tinyint(4) NOT NULL DEFAULT '0',
  \`quarantee\` tinyint(4) NOT NULL DEFAULT '0', \`quarantee_person\` varchar(13) NOT NULL, \`quarantee_date\` date NOT NULL
) ENGINE=MyISAM DEFAULT CHARSET=utf8;`;
const FILEBOOK = `CREATE TABLE \`bookregister_receive_filebook\` (
  \`id\` int(11) NOT NULL, \`ref_id\` varchar(50) NOT NULL, \`file_name\` varchar(100) NOT NULL, \`file_des\` varchar(100) NOT NULL
) ENGINE=MyISAM DEFAULT CHARSET=utf8;`;
const DIRECTORY = `CREATE TABLE \`person_main\` (
  \`id\` int(11) NOT NULL, \`person_id\` varchar(13) NOT NULL, \`prename\` varchar(20) NOT NULL, \`name\` varchar(50) NOT NULL,
  \`surname\` varchar(50) NOT NULL, \`position_code\` tinyint(4) NOT NULL, \`pic\` varchar(150) DEFAULT NULL, \`status\` tinyint(4) NOT NULL DEFAULT '0',
  \`person_order\` tinyint(4) DEFAULT '0', \`officer\` varchar(13) NOT NULL, \`rec_date\` date NOT NULL
) ENGINE=MyISAM DEFAULT CHARSET=utf8;
INSERT INTO \`person_main\` VALUES (1, '3100000000001', 'นางสาว', 'สุดา', 'ทะเบียนดี', 3, '', 0, 0, '', '2020-01-01'), (2, '3100000000002', 'นาย', 'วิชัย', 'ส่งไว', 3, '', 0, 0, '', '2020-01-01');
CREATE TABLE \`system_workgroup\` (\`id\` int(11) NOT NULL, \`workgroup\` tinyint(4) NOT NULL, \`workgroup_desc\` varchar(100) NOT NULL, \`workgroup_order\` tinyint(4) DEFAULT NULL) ENGINE=MyISAM DEFAULT CHARSET=utf8;
INSERT INTO \`system_workgroup\` VALUES (1, 1, 'กลุ่มอำนวยการ', 1), (2, 2, 'กลุ่มส่งเสริมการจัดการศึกษา', 2), (3, 3, 'กลุ่มบริหารงานบุคคล', 3);`;

export interface GeneratedDump {
  dump: string;
  filesRoot: string;
  rows: number;
  files: number;
}

/** rows split: 70% incoming, 20% outgoing, 6% orders, 4% certificates; each over 2566 and 2567. */
export async function writeAmssDump(dir: string, rows: number, files: number): Promise<GeneratedDump> {
  mkdirSync(dir, { recursive: true });
  const dump = join(dir, 'amss-bench.sql');
  const filesRoot = join(dir, 'amss-root');
  const out = createWriteStream(dump);
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('-- phpMyAdmin SQL Dump\n-- version 4.7.4\nSET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";\nSET AUTOCOMMIT = 0;\nSTART TRANSACTION;\n/*!40101 SET NAMES utf8mb4 */;\n\n');
  await write(`${DIRECTORY}\n\n`);
  const counts = { receive: Math.round(rows * 0.7), send: Math.round(rows * 0.2), command: Math.round(rows * 0.06) };
  const cert = rows - counts.receive - counts.send - counts.command;
  const fileDir = join(filesRoot, 'modules', 'bookregister', 'upload_files1');
  mkdirSync(fileDir, { recursive: true });

  async function table(create: string, name: string, n: number, row: (i: number, year: number, no: number) => string): Promise<void> {
    await write(`${create}\n\n`);
    const perYear = Math.ceil(n / 2);
    for (let start = 0; start < n; start += 1000) {
      const values: string[] = [];
      for (let i = start; i < Math.min(n, start + 1000); i++) {
        const year = i < perYear ? 2566 : 2567;
        let no = (i < perYear ? i : i - perYear) + 1;
        if (i % 5000 === 4999) no -= 1; // AMSS++ had no unique number: now and then one is used twice
        values.push(row(i, year, no));
      }
      await write(`INSERT INTO \`${name}\` VALUES\n${values.join(',\n')};\n`);
    }
  }

  const fileRows: string[] = [];
  await table(RECEIVE, 'bookregister_receive', counts.receive, (i, year, no) => {
    const ref = `17${String(i).padStart(8, '0')}x${i}`;
    if (i < files) fileRows.push(`(${i + 1}, ${q(ref)}, ${q(`${ref}_1.pdf`)}, ${q('หนังสือต้นฉบับ')})`);
    const signdate = i % 997 === 0 ? '0000-00-00' : date(year - 543, i);
    return `(${i + 1}, ${year}, ${no}, ${q(`ศธ 04006/${i}`)}, '${signdate}', ${q(FROM[i % FROM.length] as string)}, 'ผอ.สพป.', ${q(`${SUBJECTS[i % SUBJECTS.length]} ฉบับที่ ${i}`)}, '', ${i % 50 === 0 ? 9 : (i % 3) + 1}, 0, NULL, '${date(year - 543, i)}', ${q(ref)}, '3100000000001', 0, ${i % 100 === 0 ? 1 : 0})`;
  });
  await table(SEND, 'bookregister_send', counts.send, (i, year, no) => {
    const circular = i % 4 === 0;
    return `(${i + 1}, ${year}, ${no}, ${q(`ที่ ศธ 04051/${circular ? 'ว' : ''}${no}`)}, '${date(year - 543, i)}', 'สพป.เชียงใหม่ เขต 5', 'โรงเรียนในสังกัด', ${q(`${SUBJECTS[i % SUBJECTS.length]} ส่งที่ ${i}`)}, NULL, ${(i % 3) + 1}, NULL, '${date(year - 543, i)}', ${q(`18${i}x${i}`)}, '3100000000002', 0, 1)`;
  });
  await table(COMMAND, 'bookregister_command', counts.command, (i, year, no) =>
    `(${i + 1}, ${year}, ${no}, ${q(`${no}/${year}`)}, '${date(year - 543, i)}', ${q(`แต่งตั้งคณะกรรมการ ชุดที่ ${i}`)}, NULL, '${date(year - 543, i)}', '3100000000002', NULL, NULL)`,
  );
  await table(CERT, 'bookregister_certificate', cert, (i, year, no) =>
    `(${i + 1}, ${year}, ${no}, ${q(`สพป.ชม.5 ${no}/${year}`)}, '${date(year - 543, i)}', ${q(`นักเรียนคนที่ ${i}`)}, 'เกียรติบัตร', 'ด้านคุณธรรม', NULL, '1', '${date(year - 543, i)}', '3100000000002', NULL, 0, 0, 0, '', '0000-00-00')`,
  );
  await write(`${FILEBOOK}\n\n`);
  for (let s = 0; s < fileRows.length; s += 1000) await write(`INSERT INTO \`bookregister_receive_filebook\` VALUES\n${fileRows.slice(s, s + 1000).join(',\n')};\n`);
  await write('COMMIT;\n');
  out.end();
  await once(out, 'finish');
  const pad = Buffer.alloc(2048, 0x20);
  for (let i = 0; i < files; i++) {
    const ref = `17${String(i).padStart(8, '0')}x${i}`;
    writeFileSync(join(fileDir, `${ref}_1.pdf`), Buffer.concat([Buffer.from(`%PDF-1.4\n% AMSS++ scan ${i}\n`), pad, Buffer.from('\n%%EOF\n')]));
  }
  return { dump, filesRoot, rows, files };
}
