import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { certificateDocNo, circularRegisterNo, displayDocNo, isOwnOffice, orderDocNo, outgoingDocNo, registerNoText } from '../../src-shared/docNumber.js';

const outgoing = JSON.parse(readFileSync(new URL('../../resources/demo/outgoing-2566.json', import.meta.url), 'utf8')) as {
  entries: { registerNo: number; documentNo: string }[];
};

describe('document numbers', () => {
  const office = { documentPrefix: 'ศธ04051', numberSpacing: 'spaced' as const };

  it('reproduces the seed office outgoing numbers exactly', () => {
    for (const row of outgoing.entries) expect(outgoingDocNo(office, row.registerNo, null)).toBe(row.documentNo);
  });

  it('numbers circulars from their own sequence with ว', () => {
    expect(outgoingDocNo(office, 3970, 123)).toBe('ที่ ศธ04051/ว 123');
    expect(outgoingDocNo({ ...office, numberSpacing: 'compact' }, 3970, 123)).toBe('ที่ ศธ04051/ว123');
  });

  it('numbers orders and certificates per BE year', () => {
    expect(orderDocNo(123, 2566)).toBe('123/2566');
    expect(certificateDocNo('สพป.ชม.5 {n:4}/{year}', 1, 2566)).toBe('สพป.ชม.5 0001/2566');
    expect(certificateDocNo('{n}/{year}', 12345, 2567)).toBe('12345/2567');
  });

  it('applies the digit style to our own numbers only', () => {
    expect(displayDocNo({ kind: 'outgoing', docNo: 'ที่ ศธ04051/3959' }, 'thai')).toBe('ที่ ศธ๐๔๐๕๑/๓๙๕๙');
    expect(displayDocNo({ kind: 'incoming', docNo: 'ที่ ชม 0017.3/ว35614' }, 'thai')).toBe('ที่ ชม 0017.3/ว35614');
  });
});

describe('register numbers as written', () => {
  it('have no thousands separator, and a circular shows its ว number', () => {
    expect(registerNoText({ registerNo: 14535, circularNo: null })).toBe('14535');
    expect(registerNoText({ registerNo: circularRegisterNo(12), circularNo: 12 }, 'thai')).toBe('ว ๑๒');
  });
});

describe('the office itself as ถึง', () => {
  const office = { name: 'สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 5', shortName: 'สพป.เชียงใหม่ เขต 5' };
  it('is its full or short name, or the start of its name as AMSS++ fills it in', () => {
    expect(isOwnOffice('สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่  เขต 5', office)).toBe(true);
    expect(isOwnOffice('สพป.เชียงใหม่ เขต 5', office)).toBe(true);
    expect(isOwnOffice('สำนักงานเขตพื้นที่การศึกษา', office)).toBe(true);
    expect(isOwnOffice('ผู้อำนวยการโรงเรียนบ้านพุย', office)).toBe(false);
    expect(isOwnOffice('สำนักงาน', office)).toBe(false);
  });
});
