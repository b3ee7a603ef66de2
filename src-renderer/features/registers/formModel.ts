// The form's values (all text, as typed) and their conversion to the shared entry schema.
import type { Entry, OfficeProfile, RegisterKind, Secrecy, Urgency } from '../../../src-shared/domain.js';
import { entryFields, fieldErrors, type EntryFieldsInput } from '../../../src-shared/schemas.js';
import { isoToThaiInput, thaiInputToIso } from '../../ui/thaiDateInput.js';

export interface FormValues {
  from: string;
  to: string;
  docNo: string;
  docDate: string;
  subject: string;
  groupId: string;
  personId: string;
  remark: string;
  urgency: Urgency;
  secrecy: Secrecy;
  circular: boolean;
  signer: string;
  recipient: string;
  replyToId: string | null;
}

export function defaultValues(kind: RegisterKind, office: OfficeProfile, today: string): FormValues {
  return {
    from: kind === 'outgoing' ? office.name : '',
    to: kind === 'incoming' ? office.name : '',
    docNo: '',
    docDate: isoToThaiInput(today),
    subject: '',
    groupId: '',
    personId: '',
    remark: kind === 'incoming' ? 'เอกสารกระดาษ' : '',
    urgency: 'normal',
    secrecy: 'none',
    circular: false,
    signer: '',
    recipient: '',
    replyToId: null,
  };
}

export function valuesFromEntry(e: Entry): FormValues {
  return {
    from: e.from,
    to: e.to,
    docNo: e.docNo,
    docDate: isoToThaiInput(e.docDate),
    subject: e.subject,
    groupId: e.groupId === null ? '' : String(e.groupId),
    personId: e.personId === null ? '' : String(e.personId),
    remark: e.remark,
    urgency: e.urgency,
    secrecy: e.secrecy,
    circular: e.circularNo !== null,
    signer: e.signer,
    recipient: e.recipient,
    replyToId: e.replyToId,
  };
}

const ref = (s: string): number | null => (s === '' ? null : Number(s));

export function toFields(kind: RegisterKind, v: FormValues): EntryFieldsInput {
  const common = {
    docDate: thaiInputToIso(v.docDate),
    subject: v.subject,
    groupId: ref(v.groupId),
    personId: ref(v.personId),
    remark: v.remark,
    urgency: v.urgency,
    secrecy: v.secrecy,
  };
  switch (kind) {
    case 'incoming':
      return { kind, ...common, docNo: v.docNo, from: v.from, to: v.to };
    case 'outgoing':
      return { kind, ...common, circular: v.circular, from: v.from, to: v.to, replyToId: v.replyToId };
    case 'order':
      return { kind, ...common, signer: v.signer };
    case 'certificate':
      return { kind, ...common, signer: v.signer, recipient: v.recipient };
  }
}

/** Client-side check with the very schema the core uses; keys are field names. */
export function validate(fields: EntryFieldsInput): Record<string, string> {
  const r = entryFields.safeParse(fields);
  return r.success ? {} : fieldErrors(r.error);
}

/** The core's per-field messages, keyed "fields.subject" for an update: strip the prefix. */
export function serverFieldErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, msg] of Object.entries(fields)) out[k.replace(/^fields\./, '')] = msg;
  return out;
}
