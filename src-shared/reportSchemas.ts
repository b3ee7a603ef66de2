// Inputs and results of printing and exporting the registers (issue 5).
import { z } from 'zod';
import { OUTGOING_SERIES, REGISTER_LABELS, type OutgoingSeries, type RegisterKind } from './domain.js';
import { textField } from './text.js';
import { entryId, isoDate, registerKind } from './schemas.js';

export const PAPER_ORIENTATIONS = ['portrait', 'landscape'] as const;
export const REPORT_FORMATS = ['html', 'pdf', 'print', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const REPORT_FORMAT_LABELS: Record<ReportFormat, string> = {
  html: 'ดูตัวอย่างก่อนพิมพ์',
  pdf: 'บันทึกเป็น PDF',
  print: 'พิมพ์',
  xlsx: 'ส่งออก Excel (.xlsx)',
  csv: 'ส่งออก CSV',
};
export const STAMP_PAPERS = ['label', 'a4'] as const;
export type StampPaper = (typeof STAMP_PAPERS)[number];
export const STAMP_PAPER_LABELS: Record<StampPaper, string> = {
  label: 'กระดาษสติกเกอร์ A4 24 ดวง (70 × 37 มม.)',
  a4: 'กระดาษ A4 ธรรมดา (มีเส้นตัด)',
};

/** Points: Sarabun at 11 pt reads like the 16 pt TH Sarabun of printed government forms. */
export const FONT_SIZE = { min: 8, max: 16, default: 11 } as const;

export const printSettingsInput = z.object({
  digits: z.enum(['arabic', 'thai'], 'รูปแบบตัวเลขไม่ถูกต้อง').default('arabic'),
  orientation: z.enum(PAPER_ORIENTATIONS, 'แนวกระดาษไม่ถูกต้อง').default('landscape'),
  fontSize: z
    .number('ขนาดตัวอักษรต้องเป็นตัวเลข')
    .int('ขนาดตัวอักษรต้องเป็นจำนวนเต็ม')
    .min(FONT_SIZE.min, `ขนาดตัวอักษรต้องไม่น้อยกว่า ${FONT_SIZE.min}`)
    .max(FONT_SIZE.max, `ขนาดตัวอักษรต้องไม่เกิน ${FONT_SIZE.max}`)
    .default(FONT_SIZE.default),
  /** The register has no gaps, so cancelled entries are printed (marked ยกเลิก) unless turned off. */
  includeCancelled: z.boolean().default(true),
});
export type PrintSettings = z.output<typeof printSettingsInput>;
export const DEFAULT_PRINT_SETTINGS: PrintSettings = printSettingsInput.parse({});

const groupRef = z.number('กลุ่มไม่ถูกต้อง').int().positive('กลุ่มไม่ถูกต้อง').nullable().default(null);

export const registerReportInput = z
  .object({
    type: z.literal('register'),
    kind: registerKind,
    /** Registration dates, inclusive (a day, a month, a year or any range). */
    from: isoDate,
    to: isoDate,
    groupId: groupRef,
    /** ทะเบียนหนังสือส่ง: both series together by registration date, or one of them on its own. */
    series: z.enum(OUTGOING_SERIES, 'ชนิดหนังสือส่งไม่ถูกต้อง').optional(),
    format: z.enum(REPORT_FORMATS, 'รูปแบบผลลัพธ์ไม่ถูกต้อง'),
  })
  .refine((v) => v.from <= v.to, { message: 'วันที่เริ่มต้องไม่หลังวันที่สิ้นสุด', path: ['to'] });

/** The printed title: the circulars on their own are ทะเบียนหนังสือเวียน. */
export function registerReportTitle(kind: RegisterKind, series: OutgoingSeries = 'all'): string {
  if (kind !== 'outgoing' || series === 'all') return REGISTER_LABELS[kind].book;
  return series === 'circular' ? 'ทะเบียนหนังสือเวียน' : `${REGISTER_LABELS[kind].book} (ไม่รวมหนังสือเวียน)`;
}

export const MAX_STAMPS = 500;
/** A4 label sheets of 3 × 8 labels (70 × 37 mm). */
export const LABELS_PER_SHEET = 24;

/** Stamps for chosen entries, or for the incoming entries registered in a range (a day's batch). */
export const stampReportInput = z
  .object({
    type: z.literal('stamps'),
    ids: z.array(entryId).max(MAX_STAMPS, `พิมพ์ตรารับได้ครั้งละไม่เกิน ${MAX_STAMPS} รายการ`).default([]),
    range: z.object({ from: isoDate, to: isoDate, groupId: groupRef }).nullable().default(null),
    paper: z.enum(STAMP_PAPERS).default('a4'),
    /** A partly used label sheet: the first free label (1 = top left, across then down). */
    firstLabel: z
      .number('ดวงแรกต้องเป็นตัวเลข')
      .int('ดวงแรกต้องเป็นจำนวนเต็ม')
      .min(1, `ดวงแรกต้องอยู่ระหว่าง 1 ถึง ${LABELS_PER_SHEET}`)
      .max(LABELS_PER_SHEET, `ดวงแรกต้องอยู่ระหว่าง 1 ถึง ${LABELS_PER_SHEET}`)
      .optional(),
    format: z.enum(['html', 'pdf', 'print'], 'รูปแบบผลลัพธ์ไม่ถูกต้อง').default('pdf'),
  })
  .refine((v) => v.ids.length > 0 || v.range !== null, { message: 'กรุณาเลือกรายการที่จะพิมพ์ตรารับ', path: ['ids'] });

export const reportStartInput = z.discriminatedUnion('type', [registerReportInput, stampReportInput]);
export type ReportRequest = z.output<typeof reportStartInput>;
export type RegisterReportRequest = z.output<typeof registerReportInput>;
export type StampReportRequest = z.output<typeof stampReportInput>;

export const reportJobInput = z.object({ jobId: z.string().min(1).max(100) });

/** What a barcode scanner types from a stamp's QR code ("SRB:<entry uuid>"). */
export const ENTRY_CODE_PREFIX = 'SRB:';
export const findByCodeInput = z.object({ code: textField('รหัส', 200) });

export type ReportJobState = 'running' | 'done' | 'failed';

export interface ReportJobStatus {
  jobId: string;
  state: ReportJobState;
  done: number;
  total: number;
  /** Thai, for the progress bar (or the failure). */
  message: string;
}

export type ReportResult =
  | { kind: 'file'; fileName: string; mimeType: string; base64: string; rows: number }
  /** Sent to the system print dialog by the desktop app itself. */
  | { kind: 'printed'; rows: number };

export interface EntryCodeMatch {
  id: string;
  kind: RegisterKind;
  year: number;
  registerNo: number;
}
