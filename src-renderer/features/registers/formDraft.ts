// A registration being typed survives a crash or a closed window: its fields are kept in the
// renderer's localStorage per register (never its files, which live in the core's staging
// area and are swept) and offered back when the form opens again.
import type { RegisterKind } from '../../../src-shared/domain.js';
import type { FormValues } from './formModel.js';

const key = (kind: RegisterKind) => `saraban.draft.${kind}`;

export interface FormDraft {
  values: FormValues;
  savedAt: string;
  hadFiles: boolean;
}

export function saveDraft(kind: RegisterKind, values: FormValues, hadFiles: boolean): void {
  try {
    localStorage.setItem(key(kind), JSON.stringify({ values, savedAt: new Date().toISOString(), hadFiles }));
  } catch {
    // Storage full or disabled: the draft is a convenience, the form still works.
  }
}

export function loadDraft(kind: RegisterKind): FormDraft | null {
  try {
    const raw = localStorage.getItem(key(kind));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<FormDraft>;
    return d.values && typeof d.values === 'object' ? { values: d.values, savedAt: String(d.savedAt ?? ''), hadFiles: Boolean(d.hadFiles) } : null;
  } catch {
    return null;
  }
}

export function clearDraft(kind: RegisterKind): void {
  try {
    localStorage.removeItem(key(kind));
  } catch {
    // see saveDraft
  }
}

/** Whether the clerk typed or attached anything beyond the form's defaults. */
export function isDirty(values: FormValues, start: FormValues, files: number, startFiles: number): boolean {
  return files !== startFiles || (Object.keys(start) as (keyof FormValues)[]).some((k) => values[k] !== start[k]);
}
