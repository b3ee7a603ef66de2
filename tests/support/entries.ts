// Fields of a letter for tests that register through the real engine: one from the province
// (incoming) and one to a school (outgoing, or a circular).
import type { EntryFieldsInput } from '../../src-shared/schemas.js';

export const incoming = (subject: string, extra: Partial<EntryFieldsInput> = {}): EntryFieldsInput =>
  ({
    kind: 'incoming',
    from: 'ศาลากลางจังหวัดเชียงใหม่',
    to: 'สำนักงานเขตพื้นที่การศึกษา',
    docNo: 'ที่ ชม 0017.3/ว35614',
    docDate: '2023-11-16',
    subject,
    ...extra,
  }) as EntryFieldsInput;

export const outgoing = (subject: string, circular = false): EntryFieldsInput => ({
  kind: 'outgoing',
  from: 'สพป.เชียงใหม่ เขต 5',
  to: 'ผู้อำนวยการโรงเรียนบ้านพุย',
  docDate: '2023-11-16',
  subject,
  circular,
});
