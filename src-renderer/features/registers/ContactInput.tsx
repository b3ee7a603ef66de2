// จาก / ถึง: free text with suggestions, searched as the clerk types: first the names already
// in this register (most used first), then the directory.
// A native <datalist> keeps it one plain input: typing, Tab and Enter behave as everywhere else.
import { useEffect, useState, type RefObject } from 'react';
import type { Contact } from '../../../src-shared/domain.js';
import { must } from '../../api/client.js';

const DIRECTOR = 'ผู้อำนวยการโรงเรียน';

/** A letter goes to the head of a school or office: suggest "ผู้อำนวยการ…" for those. */
function suggestions(c: Contact, mode: 'sender' | 'recipient'): string[] {
  if (mode === 'sender') return [c.name];
  if (c.kind === 'school') return [`${DIRECTOR}${c.name}`];
  return c.name.startsWith('สำนักงาน') ? [`ผู้อำนวยการ${c.name}`, c.name] : [c.name];
}

export function ContactInput({
  id,
  value,
  onChange,
  invalid,
  mode,
  kind,
  inputRef,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  invalid: boolean;
  mode: 'sender' | 'recipient';
  /** The register whose earlier จาก/ถึง are suggested. */
  kind: 'incoming' | 'outgoing';
  inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const [options, setOptions] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    const q = value.replace(DIRECTOR, '').replace(/^ผู้อำนวยการ/, '').replace(/^โรงเรียน/, '').trim();
    const timer = window.setTimeout(() => {
      Promise.all([
        must('entries.suggestNames', { kind, field: mode === 'sender' ? 'from' : 'to', q: value.trim(), limit: 15 }),
        must('contacts.list', { q, limit: 20 }),
      ]).then(
        ([used, list]) => {
          if (!live) return;
          const all = [...used, ...list.flatMap((c) => suggestions(c, mode))];
          setOptions([...new Set(all)].filter((s) => s !== value));
        },
        () => undefined,
      );
    }, 120);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [value, mode, kind]);
  return (
    <>
      <input
        id={id}
        ref={inputRef}
        type="text"
        autoComplete="off"
        list={`${id}-options`}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={`${id}-options`}>
        {options.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
    </>
  );
}
