// The single entry point for every API call, from IPC or HTTP: checks the method name, the
// caller's session and role, validates the input with the contract's schema, refuses a write
// on a secret entry to a caller without the secret right, runs the handler as that caller,
// records what the method's audit rule asks, and turns any failure into a Result with a Thai
// message. Nothing else may call handlers directly.
import { contract, entriesNamedBy, isMethodName } from '../../src-shared/contract.js';
import { roleAllows } from '../../src-shared/permissions.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { fieldErrors } from '../../src-shared/schemas.js';
import { DomainError } from '../errors.js';
import type { Core } from '../core.js';
import { resolveCaller } from '../users/access.js';
import { runAsCaller, type CallContext, type CallerChannel } from '../users/caller.js';
import { entryIsSecret, redactOutput, secrecyOf } from '../users/secrecy.js';
import { appendAudit } from '../users/audit.js';
import type { Handlers } from './handlerTypes.js';

export type { CallerChannel } from '../users/caller.js';

/** channel: the session the call carries (HTTP header, or the Electron window's). */
export type Dispatch = (method: unknown, input: unknown, channel?: CallerChannel) => Promise<Result<unknown>>;

export const NOT_LOGGED_IN = 'กรุณาเข้าสู่ระบบ';
export const SESSION_EXPIRED = 'หมดเวลาใช้งานเพราะไม่มีการใช้งานนานเกินกำหนด กรุณาเข้าสู่ระบบอีกครั้ง';
export const FORBIDDEN = 'บัญชีของท่านไม่มีสิทธิ์ทำรายการนี้';
export const SECRET_WRITE_FORBIDDEN = 'บัญชีของท่านไม่มีสิทธิ์แก้ไขหนังสือลับ';

const NOT_AUDITED_FIELDS = /code|password|token|secret|base64/i;

/** What an export produced (its file, its rows), so the trail says what left the office. */
function exportFacts(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object') return {};
  const v = value as Record<string, unknown>;
  return {
    ...(typeof v.fileName === 'string' ? { file: v.fileName } : {}),
    ...(typeof v.rows === 'number' ? { rows: v.rows } : {}),
    ...(v.kind === 'printed' ? { printed: true } : {}),
  };
}

function auditableInput(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input as Record<string, unknown>).filter(([k]) => !NOT_AUDITED_FIELDS.test(k)));
}

/**
 * The API in front of one open register: handlers is the joined table (api/handlers.ts).
 * Each method's definition in the contract says who may call it, which entries a write
 * changes (the secret rule) and what the audit trail records after it.
 */
export function createDispatch(core: Core, handlers: Handlers, log: (e: unknown) => void = console.error): Dispatch {
  return async (method, input, channel = { sessionId: null }) => {
    if (!isMethodName(method)) return fail('unknown_method', 'ไม่รู้จักคำสั่งนี้');
    const spec = contract[method];
    let ctx: CallContext;
    try {
      ctx = resolveCaller(core, channel);
    } catch (e) {
      log(e);
      return fail('internal', 'เกิดข้อผิดพลาดภายในโปรแกรม');
    }
    if (spec.access !== 'public') {
      if (!ctx.user) return fail('unauthenticated', ctx.expired ? SESSION_EXPIRED : NOT_LOGGED_IN);
      if (!roleAllows(ctx.user.role, spec.access)) return fail('forbidden', FORBIDDEN);
    }
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      const first = Object.values(fields)[0] ?? 'ข้อมูลไม่ถูกต้อง';
      return fail('invalid_input', first, fields);
    }
    // A right checked on a read is checked on every write: a secret entry is not changed by
    // someone who may not read it (nor linked to, nor given files), and nothing runs.
    if (!ctx.canSeeSecret && entriesNamedBy(method, parsed.data).some((id) => entryIsSecret(core.store, id))) {
      return fail('forbidden', SECRET_WRITE_FORBIDDEN);
    }
    try {
      const handler = handlers[method] as (i: unknown, c: CallContext) => unknown;
      const value = await runAsCaller(ctx, () => handler(parsed.data, ctx));
      // A number is answered only once the file that keeps it across restores is on disk too.
      await core.store.settled();
      const audit = spec.audit;
      if (audit === 'export' || audit === 'settings') {
        const after = audit === 'export' ? { ...(auditableInput(parsed.data) as object), ...exportFacts(value) } : auditableInput(parsed.data);
        runAsCaller(ctx, () => appendAudit(core.store, { action: audit, entity: method, after }));
      }
      // Without the secret right, no answer carries a secret entry's content, whatever the method.
      return ok(ctx.canSeeSecret ? value : redactOutput(value, (id) => secrecyOf(core.store, id)));
    } catch (e) {
      if (e instanceof DomainError) return fail(e.code, e.message, e.fields);
      log(e);
      return fail('internal', 'เกิดข้อผิดพลาดภายในโปรแกรม ข้อมูลไม่ถูกบันทึก กรุณาลองใหม่ หากยังพบปัญหาโปรดแจ้งผู้ดูแลระบบ');
    }
  };
}
