import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { timeOrderedId } from '../../src-main/db/timeOrderedId.js';

describe('time-ordered ids (UUID v7)', () => {
  it('are UUIDs every boundary accepts, version 7, RFC variant, with the time first', () => {
    const at = Date.UTC(2026, 10, 29, 9, 30);
    const id = timeOrderedId(at);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id[14]).toBe('7');
    expect('89ab').toContain(id[19]);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('made later sort later (the index grows at its end), and never repeat', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => timeOrderedId(1_700_000_000_000 + i));
    expect([...ids].sort()).toEqual(ids);
    const sameMs = Array.from({ length: 5000 }, () => timeOrderedId(1_700_000_000_000));
    expect(new Set([...ids, ...sameMs]).size).toBe(10_000);
  });
});
