// The office's work groups and people as an admin pastes or imports them at set-up: one row
// per person "กลุ่ม, ชื่อ" (or a tab between, as copied from Excel), or a group alone.
export interface StaffRow {
  group: string;
  name: string | null;
}

const HEADER = /^(กลุ่ม|กลุ่มงาน|กลุ่ม\(งาน\)|group)$/i;

/** Rows of cells (CSV, xlsx or pasted text split) into groups and people; blank rows skipped. */
export function staffFromRows(rows: readonly (readonly string[])[]): StaffRow[] {
  const out: StaffRow[] = [];
  for (const cells of rows) {
    const group = (cells[0] ?? '').trim();
    const name = (cells[1] ?? '').trim();
    if (group === '' || (out.length === 0 && HEADER.test(group))) continue;
    out.push({ group, name: name === '' ? null : name });
  }
  return out;
}

export function staffFromText(text: string): StaffRow[] {
  return staffFromRows(text.split(/\r?\n/).map((line) => line.split(/\t|,/)));
}

/** The groups in first-seen order, each with its people. */
export function groupStaff(rows: readonly StaffRow[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    const people = groups.get(r.group) ?? [];
    if (r.name !== null && !people.includes(r.name)) people.push(r.name);
    groups.set(r.group, people);
  }
  return groups;
}
