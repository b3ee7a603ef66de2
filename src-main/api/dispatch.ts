// The single entry point for every API call, from IPC or HTTP: checks the method name,
// validates the input with the contract's schema, runs the handler, and turns any failure
// into a Result with a Thai message. Nothing else may call handlers directly.
import { contract, isMethodName } from '../../src-shared/contract.js';
import { fail, ok, type Result } from '../../src-shared/result.js';
import { fieldErrors } from '../../src-shared/schemas.js';
import { DomainError } from '../errors.js';
import type { Handlers } from './handlers.js';

export type Dispatch = (method: unknown, input: unknown) => Promise<Result<unknown>>;

export function createDispatch(handlers: Handlers, log: (e: unknown) => void = console.error): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) return fail('unknown_method', 'ไม่รู้จักคำสั่งนี้');
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      const first = Object.values(fields)[0] ?? 'ข้อมูลไม่ถูกต้อง';
      return fail('invalid_input', first, fields);
    }
    try {
      const handler = handlers[method] as (i: unknown) => unknown;
      return ok(await handler(parsed.data));
    } catch (e) {
      if (e instanceof DomainError) return fail(e.code, e.message, e.fields);
      log(e);
      return fail('internal', 'เกิดข้อผิดพลาดภายในโปรแกรม ข้อมูลไม่ถูกบันทึก กรุณาลองใหม่ หากยังพบปัญหาโปรดแจ้งผู้ดูแลระบบ');
    }
  };
}
