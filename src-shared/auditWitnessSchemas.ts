// The audit trail's outside witness on the central server: the desktop sends the hash of each
// of its audit events with its normal sync; the server keeps them append-only and gives them
// back for ตรวจสอบ. (src-main/sync/auditWitness.ts, src-server/auditWitness.ts)
import { z } from 'zod';

export const AUDIT_WITNESS_LIMITS = { batch: 1000, page: 5000 } as const;

const auditHash = z.object({
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'รหัสตรวจสอบ (hash) ไม่ถูกต้อง'),
});
export type AuditHash = z.infer<typeof auditHash>;

export const auditHashesRequest = z.object({ items: z.array(auditHash).min(1).max(AUDIT_WITNESS_LIMITS.batch) });

export interface AuditHashesResponse {
  stored: number;
  /** Events for which the server already held a different hash (kept as a further claim). */
  conflicts: number[];
}

export interface AuditWitnessPage {
  /** The first hash the server received for each event, in seq order. */
  items: AuditHash[];
  more: boolean;
}
