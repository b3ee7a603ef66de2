// The single entry point for every API call, from IPC or HTTP: checks the method name, the
// caller's session and role (src-shared/permissions.ts), validates the input with the contract's
// schema, runs the handler as that caller, and turns any failure into a Result with a Thai
// message. Nothing else may call handlers directly.
import { contract, isMethodName } from '../../src-shared/contract.js';
import { accessFor, roleAllows } from '../../src-shared/permissions.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { fieldErrors } from '../../src-shared/schemas.js';
import { DomainError } from '../errors.js';
import { coreOf, resolveCaller } from '../users/access.js';
import { runAsCaller, type CallContext, type CallerChannel } from '../users/caller.js';
import { redactOutput } from '../users/secrecy.js';
import { appendAudit } from '../users/audit.js';
import type { Secrecy } from '../../src-shared/domain.js';
import type { Handlers } from './handlers.js';

export type { CallerChannel } from '../users/caller.js';

/** channel: the session the call carries (HTTP header, or the Electron window's). */
export type Dispatch = (method: unknown, input: unknown, channel?: CallerChannel) => Promise<Result<unknown>>;

export const NOT_LOGGED_IN = 'กรุณาเข้าสู่ระบบ';
export const SESSION_EXPIRED = 'หมดเวลาใช้งานเพราะไม่มีการใช้งานนานเกินกำหนด กรุณาเข้าสู่ระบบอีกครั้ง';
export const FORBIDDEN = 'บัญชีของท่านไม่มีสิทธิ์ทำรายการนี้';

/**
 * Methods whose modules do not write their own audit event: the export or setting is recorded
 * here, after it succeeded, with its input (minus anything secret-looking).
 */
const AUDIT_AFTER_CALL: Record<string, string> = {
  'reports.download': 'export',
  'attachments.exportCopy': 'export',
  'sync.exportRejected': 'export',
  'reports.saveSettings': 'settings',
  'office.saveAttachmentSettings': 'settings',
  'sync.enrol': 'settings',
  'sync.handover': 'settings',
  'attachments.sweep': 'settings',
};
const NOT_AUDITED_FIELDS = /code|password|token|secret|base64/i;

function auditableInput(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input as Record<string, unknown>).filter(([k]) => !NOT_AUDITED_FIELDS.test(k)));
}

export function createDispatch(handlers: Handlers, log: (e: unknown) => void = console.error): Dispatch {
  const core = coreOf(handlers);
  return async (method, input, channel = { sessionId: null }) => {
    if (!isMethodName(method)) return fail('unknown_method', 'ไม่รู้จักคำสั่งนี้');
    // Fail closed: a handler table not made by createHandlers(core) has no one to check against.
    if (!core) return fail('internal', 'เกิดข้อผิดพลาดภายในโปรแกรม');
    let ctx: CallContext;
    try {
      ctx = resolveCaller(core, channel);
    } catch (e) {
      log(e);
      return fail('internal', 'เกิดข้อผิดพลาดภายในโปรแกรม');
    }
    const secrecyOf = (id: string) =>
      core.store.raw<{ secrecy: Secrecy }>('SELECT secrecy FROM entries WHERE id = ?', [id])[0]?.secrecy;
    const access = accessFor(method);
    if (access !== 'public') {
      if (!ctx.user) return fail('unauthenticated', ctx.expired ? SESSION_EXPIRED : NOT_LOGGED_IN);
      if (!roleAllows(ctx.user.role, access)) return fail('forbidden', FORBIDDEN);
    }
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      const first = Object.values(fields)[0] ?? 'ข้อมูลไม่ถูกต้อง';
      return fail('invalid_input', first, fields);
    }
    try {
      const handler = handlers[method] as (i: unknown, c: CallContext) => unknown;
      const value = await runAsCaller(ctx, () => handler(parsed.data, ctx));
      const audited = AUDIT_AFTER_CALL[method];
      if (audited) runAsCaller(ctx, () => appendAudit(core.store, { action: audited, entity: method, after: auditableInput(parsed.data) }));
      // Without the secret right, no answer carries a secret entry's content, whatever the method.
      return ok(ctx.canSeeSecret ? value : redactOutput(value, secrecyOf));
    } catch (e) {
      if (e instanceof DomainError) return fail(e.code, e.message, e.fields);
      log(e);
      return fail('internal', 'เกิดข้อผิดพลาดภายในโปรแกรม ข้อมูลไม่ถูกบันทึก กรุณาลองใหม่ หากยังพบปัญหาโปรดแจ้งผู้ดูแลระบบ');
    }
  };
}
