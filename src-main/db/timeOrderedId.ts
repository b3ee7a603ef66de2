// Ids for rows the register writes with every registration (the entry, its version). A random
// UUID (v4) lands on a random leaf of its unique index: on a register of 1,000,000 entries each
// registration read and rewrote a cold page in each such index. A version-7 UUID (RFC 9562)
// starts with the time in milliseconds, so ids made one after the other sit together at the end
// of the index; the 74 random bits after it keep ids from different PCs apart as v4's did.
import { randomFillSync } from 'node:crypto';

const POOL_IDS = 128;
const pool = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;

export function timeOrderedId(nowMs: number = Date.now()): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const b = pool.subarray(next * 16, next * 16 + 16);
  next++;
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = ((b[6] as number) & 0x0f) | 0x70;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
