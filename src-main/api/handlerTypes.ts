// The shape of the handler table. Each module (registers, attachments, reports, users, backup,
// sync) exports its part beside its code; src-main/api/handlers.ts joins the parts and the
// compiler checks that every contract method has exactly its handler.
import type { MethodName, OutputOf, ParsedInputOf } from '../../src-shared/contract.js';
import type { CallContext } from '../users/caller.js';

/**
 * One method's handler. Its input arrives parsed by the contract's schema; ctx is the caller
 * (user, role, secret right), whose access and secret rule dispatch has already checked.
 * A handler may answer later (sync talks to the server); dispatch awaits every answer.
 */
export type Handler<M extends MethodName> = (input: ParsedInputOf<M>, ctx: CallContext) => OutputOf<M> | Promise<OutputOf<M>>;

export type Handlers = { [M in MethodName]: Handler<M> };

/** A module's part of the table: `{ ... } satisfies HandlerPart` checks names and types. */
export type HandlerPart = Partial<Handlers>;
