import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAmssLookups, streamAmssRows } from '../../src-main/importing/amssSource.js';
import { tempDir } from '../support/core.js';

const RECEIVE = `CREATE TABLE \`bookregister_receive\` (
  \`ms_id\` int(11) NOT NULL, \`year\` int(11) NOT NULL, \`register_number\` int(11) NOT NULL, \`book_no\` varchar(50) NOT NULL,
  \`signdate\` date NOT NULL, \`subject\` varchar(150) NOT NULL, \`register_date\` date NOT NULL, \`ref_id\` varchar(50) NOT NULL
) ENGINE=MyISAM DEFAULT CHARSET=utf8;`;
const SEND_SCH = `CREATE TABLE \`bookregister_send_sch\` (
  \`ms_id\` int(11) NOT NULL, \`school_code\` varchar(20) NOT NULL, \`year\` int(11) NOT NULL, \`register_number\` int(11) NOT NULL,
  \`book_no\` varchar(50) NOT NULL, \`signdate\` date NOT NULL, \`subject\` varchar(150) NOT NULL, \`register_date\` date NOT NULL, \`ref_id\` varchar(50) NOT NULL
) ENGINE=MyISAM DEFAULT CHARSET=utf8;`;
const receive = (msId: number, year: number, no: number): string => `(${msId}, ${year}, ${no}, 'ศธ ${msId}', '2023-06-01', 'เรื่องที่ ${msId}', '2023-06-01', 'r${msId}')`;

function dump(): string {
  const path = join(tempDir('saraban-amss-stream-'), 'amss.sql');
  writeFileSync(
    path,
    [
      RECEIVE,
      // A late letter typed into last year's register after the new year began: the books interleave.
      `INSERT INTO \`bookregister_receive\` VALUES ${[receive(1, 2566, 1), receive(2, 2566, 2), receive(3, 2567, 1), receive(4, 2566, 3), receive(5, 2567, 2)].join(',')};`,
      `INSERT INTO \`bookregister_receive\` VALUES ${receive(6, 2567, 3)};`,
      SEND_SCH,
      "INSERT INTO `bookregister_send_sch` VALUES (1, '1050', 2567, 1, 'ที่ ศธ 1/1', '2024-01-02', 'ส่ง', '2024-01-02', 's1'), (2, '2070', 2567, 1, 'ที่ ศธ 2/1', '2024-01-02', 'ส่ง', '2024-01-02', 's2');",
    ].join('\n'),
  );
  return path;
}

async function books(path: string, school: string | null): Promise<{ handed: string[][]; kept: number; skipped: number }> {
  const lookups = await readAmssLookups(path, school);
  const handed: string[][] = [];
  const kept = await streamAmssRows(path, school, lookups, (rows) => handed.push(rows.map((r) => `${r.kind}:${r.year}:${r.msId}`)));
  return { handed, kept, skipped: lookups.data.skipped };
}

describe('streaming an AMSS++ dump book by book', () => {
  it('hands over each register and year once, whole, as soon as its last row is read, even when the books interleave', async () => {
    const { handed, kept, skipped } = await books(dump(), null);
    expect(kept).toBe(6);
    expect(handed).toEqual([
      ['incoming:2566:1', 'incoming:2566:2', 'incoming:2566:4'],
      ['incoming:2567:3', 'incoming:2567:5', 'incoming:2567:6'],
    ]);
    expect(skipped).toBe(2);
  });

  it('keeps only the school asked for', async () => {
    const { handed, kept } = await books(dump(), '2070');
    expect(kept).toBe(1);
    expect(handed).toEqual([['outgoing:2567:2']]);
  });
});
