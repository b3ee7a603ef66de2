// kysely's view of the local register (migrations/local/*.sql is the source of truth).
import type { Generated } from 'kysely';

export interface MetaTable { key: string; value: string }
export interface GroupsTable { id: Generated<number>; name: string; active: number; sort: Generated<number> }
export interface PeopleTable { id: Generated<number>; name: string; group_id: number; active: number }
export interface ContactsTable { id: Generated<number>; name: string; kind: string; active: number }
export interface BooksTable {
  id: Generated<number>;
  kind: string;
  year: number;
  next_no: Generated<number>;
  next_circular_no: Generated<number>;
  entry_count: Generated<number>;
}
export interface NumberChangesTable {
  id: Generated<number>;
  book_id: number;
  sequence: string;
  before: number;
  after: number;
  reason: string;
  changed_by: string;
  changed_at: string;
}
export interface EntriesTable {
  id: string;
  book_id: number;
  kind: string;
  year: number;
  register_no: number;
  circular_no: number | null;
  doc_no: string;
  doc_date: string;
  from_text: string;
  to_text: string;
  subject: string;
  group_id: number | null;
  person_id: number | null;
  remark: string;
  urgency: string;
  secrecy: string;
  signer: string;
  recipient: string;
  reply_to_id: string | null;
  status: string;
  cancel_reason: string | null;
  registered_at: string;
  registered_on: string;
  version: number;
  updated_at: string;
  updated_by: string;
}
export interface EntryVersionsTable {
  id: string;
  entry_id: string;
  version: number;
  change: string;
  changed_at: string;
  changed_by: string;
  diff: string;
  snapshot: string;
}
export interface OutboxTable {
  seq: Generated<number>;
  idempotency_key: string;
  entity: string;
  entity_id: string;
  op: string;
  payload: string;
  created_at: string;
  state: Generated<string>;
  reject_reason: string | null;
}
export interface SchemaMigrationsTable { version: number; name: string; applied_at: string }

export interface LocalSchema {
  meta: MetaTable;
  groups: GroupsTable;
  people: PeopleTable;
  contacts: ContactsTable;
  books: BooksTable;
  number_changes: NumberChangesTable;
  entries: EntriesTable;
  entry_versions: EntryVersionsTable;
  outbox: OutboxTable;
  schema_migrations: SchemaMigrationsTable;
}
