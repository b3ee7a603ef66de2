// Thai names of the audit trail's actions (kept in src-shared/auditText.ts with the rest of
// the trail's wording, so the CSV export's description says the same).
export { AUDIT_ACTION_LABELS, auditActionLabel } from '../../../src-shared/auditText.js';
