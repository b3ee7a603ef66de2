// kysely's view of the central database (migrations/server/*.sql is the source of truth).
// BIGINT columns arrive as strings (pg) or bigint/number (PGlite): read them through Number().
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type BigIntCol = ColumnType<string | number | bigint, number | bigint | undefined, number | bigint>;
type Json = ColumnType<unknown, string, string>;

export interface OrganisationsTable {
  id: string;
  name: string;
  kind: string;
  created_at: Timestamp;
  parent_id: ColumnType<string | null, string | null | undefined, string | null>;
  school_code: ColumnType<string | null, string | null | undefined, string | null>;
  network: ColumnType<string, string | undefined, string>;
  school_type: ColumnType<string | null, string | null | undefined, string | null>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  directory_seq: BigIntCol;
  /** The office key's id (migrations/server/0200_office_key.sql): claimed once, never the key. */
  office_key_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface DistDocumentsTable {
  id: string;
  sender_org_id: string;
  sender_device_id: string;
  data: Json;
  files: Json;
  recipient_count: number;
  received_count: ColumnType<number, number | undefined, number>;
  sent_at: Timestamp;
  withdrawn_at: Timestamp | null;
  withdraw_reason: string | null;
  withdrawn_by: string | null;
}
export interface DistRecipientsTable {
  document_id: string;
  org_id: string;
  position: number;
  received_at: Timestamp | null;
  received_by: string | null;
  register_no: number | null;
  register_year: number | null;
  entry_id: string | null;
  receipt_device_id: string | null;
}
export interface DistFilesTable { document_id: string; position: number; sha256: string }
export interface EnrolmentCodesTable {
  code_hash: string;
  org_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  used_by: string | null;
}
export interface DevicesTable {
  id: string;
  org_id: string;
  name: string;
  local_device_id: string;
  credential_hash: string;
  credential_expires_at: Timestamp;
  last_seq: BigIntCol;
  enrolled_at: Timestamp;
  last_seen_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoke_reason: string | null;
  renewed_at: Timestamp | null;
}
export interface DeviceEventsTable {
  id: Generated<string | number | bigint>;
  org_id: string;
  device_id: string | null;
  action: 'enrolled' | 'renewed' | 'revoked' | 'book_reassigned';
  detail: Json;
  reason: string | null;
  actor: string;
  at: Timestamp;
}
export interface BlobUploadsTable { org_id: string; sha256: string; lease_until: Timestamp }
export interface BooksTable { org_id: string; kind: string; year: number; holder_device_id: string; changed_at: Timestamp }
export interface ReceivedTable {
  device_id: string;
  seq: BigIntCol;
  org_id: string;
  idempotency_key: string;
  entity: string;
  entity_id: string;
  op: string;
  payload: Json;
  status: string;
  reject_code: string | null;
  reason: string | null;
  server_seq: ColumnType<string | number | bigint, undefined, never>;
  received_at: Timestamp;
}
export interface EntriesTable {
  id: string;
  org_id: string;
  kind: string;
  year: number;
  register_no: number;
  version: number;
  device_id: string;
  data: Json;
  server_seq: BigIntCol;
  updated_at: Timestamp;
  /** 'import' for history from another system (migrations/server/0180). */
  origin: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface FeedTable {
  server_seq: Generated<string | number | bigint>;
  org_id: string;
  device_id: string | null;
  kind: string;
  body: Json;
  created_at: Timestamp;
}
export interface BlobsTable { sha256: string; size: BigIntCol; stored_at: Timestamp }
export interface BlobOwnersTable { org_id: string; sha256: string; added_at: Timestamp }
export interface RateLimitsTable { bucket: string; key: string; window_end: Timestamp; count: number }
export interface SchemaMigrationsTable { version: number; name: string; applied_at: Timestamp }

export interface ServerSchema {
  organisations: OrganisationsTable;
  enrolment_codes: EnrolmentCodesTable;
  devices: DevicesTable;
  books: BooksTable;
  received: ReceivedTable;
  entries: EntriesTable;
  feed: FeedTable;
  blobs: BlobsTable;
  blob_owners: BlobOwnersTable;
  schema_migrations: SchemaMigrationsTable;
  dist_documents: DistDocumentsTable;
  dist_recipients: DistRecipientsTable;
  dist_files: DistFilesTable;
  device_events: DeviceEventsTable;
  blob_uploads: BlobUploadsTable;
  rate_limits: RateLimitsTable;
}
