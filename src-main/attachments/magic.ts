// What a file really is, from its first bytes (and, for Word/Excel, the zip's central
// directory), checked against what its name claims. A renamed .exe or a .pdf that is not a PDF
// is refused: the clerk's register must hold what it says it holds.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ATTACHMENT_TYPES, extensionOf, isAttachmentExt, type AttachmentExt } from '../../src-shared/attachmentSchemas.js';

type Kind = 'pdf' | 'jpg' | 'gif' | 'zip' | 'ole' | 'rar' | 'exe' | 'unknown';

function startsWith(buf: Buffer, bytes: number[] | string): boolean {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= b.length && buf.subarray(0, b.length).equals(b);
}

export function sniff(head: Buffer): Kind {
  if (startsWith(head, '%PDF-')) return 'pdf';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return 'gif';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(head, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07])) return 'rar';
  if (startsWith(head, 'MZ') || startsWith(head, [0x7f, 0x45, 0x4c, 0x46]) || startsWith(head, '#!')) return 'exe';
  return 'unknown';
}

const EXPECTED: Record<AttachmentExt, Kind> = {
  pdf: 'pdf',
  jpg: 'jpg',
  jpeg: 'jpg',
  gif: 'gif',
  doc: 'ole',
  xls: 'ole',
  docx: 'zip',
  xlsx: 'zip',
  zip: 'zip',
  rar: 'rar',
};

const KIND_LABEL: Record<Kind, string> = {
  pdf: 'PDF',
  jpg: 'รูปภาพ JPG',
  gif: 'รูปภาพ GIF',
  zip: 'ZIP',
  ole: 'Word/Excel รุ่นเก่า',
  rar: 'RAR',
  exe: 'โปรแกรม',
  unknown: 'ชนิดที่ไม่รู้จัก',
};

/** The names in a zip's central directory (at most maxNames), or null when it cannot be read. */
export function zipEntryNames(fd: number, size: number, maxNames = 5000): string[] | null {
  // End of central directory: 22 bytes plus a comment of up to 64 KB, at the end of the file.
  const tailLen = Math.min(size, 22 + 0xffff);
  const tail = Buffer.alloc(tailLen);
  readSync(fd, tail, 0, tailLen, size - tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff || cdSize === 0xffffffff || cdOffset + cdSize > size || cdSize > 16 * 1024 * 1024) return null;
  const cd = Buffer.alloc(cdSize);
  readSync(fd, cd, 0, cdSize, cdOffset);
  const names: string[] = [];
  let p = 0;
  for (let n = 0; n < count && n < maxNames; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLen > cd.length) return null;
    names.push(cd.subarray(p + 46, p + 46 + nameLen).toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

export interface TypeCheck {
  ok: true;
  ext: AttachmentExt;
  mimeType: string;
}
export interface TypeRefusal {
  ok: false;
  message: string;
}

/** Checks the file at `path` is what `name`'s extension says (the name is checked elsewhere). */
export function checkFileType(path: string, name: string): TypeCheck | TypeRefusal {
  const ext = extensionOf(name);
  if (!isAttachmentExt(ext)) return { ok: false, message: `ไฟล์ "${name}" เป็นชนิดที่แนบไม่ได้` };
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, 16));
    readSync(fd, head, 0, head.length, 0);
    const kind = sniff(head);
    if (kind === 'exe') return { ok: false, message: `ไฟล์ "${name}" เป็นไฟล์โปรแกรม ไม่อนุญาตให้แนบ (ไฟล์อาจถูกเปลี่ยนชื่อ)` };
    const expected = EXPECTED[ext];
    if (kind !== expected) {
      return {
        ok: false,
        message: `เนื้อไฟล์ "${name}" ไม่ใช่ไฟล์ ${ext.toUpperCase()} ตามนามสกุล (พบเป็น${KIND_LABEL[kind]}) ไฟล์อาจเสียหรือถูกเปลี่ยนชื่อ`,
      };
    }
    if (ext === 'docx' || ext === 'xlsx') {
      const names = zipEntryNames(fd, size);
      const folder = ext === 'docx' ? 'word/' : 'xl/';
      const fits = names !== null && names.includes('[Content_Types].xml') && names.some((n) => n.startsWith(folder));
      if (!fits) {
        const what = ext === 'docx' ? 'Word (.docx)' : 'Excel (.xlsx)';
        return { ok: false, message: `เนื้อไฟล์ "${name}" ไม่ใช่เอกสาร ${what} ตามนามสกุล ไฟล์อาจเสียหรือถูกเปลี่ยนชื่อ` };
      }
    }
    return { ok: true, ext, mimeType: ATTACHMENT_TYPES[ext].mime };
  } finally {
    closeSync(fd);
  }
}
