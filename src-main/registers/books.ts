// Register books: one per kind and Buddhist-Era year, the only source of register numbers.
import type { z } from 'zod';
import type { Book, NumberChange, RegisterKind } from '../../src-shared/domain.js';
import type { setNextNumberInput } from '../../src-shared/schemas.js';
import type { Store } from '../db/store.js';
import { circularRegisterNo } from '../../src-shared/docNumber.js';
import { invalid } from '../errors.js';
import { appendAudit } from '../users/audit.js';
import { recordIssued } from './highWater.js';

interface BookRow {
  id: number;
  kind: string;
  year: number;
  next_no: number;
  next_circular_no: number;
  entry_count: number;
}

const toBook = (r: BookRow): Book => ({
  id: r.id,
  kind: r.kind as RegisterKind,
  year: r.year,
  nextNo: r.next_no,
  nextCircularNo: r.next_circular_no,
  entryCount: r.entry_count,
});

const BOOK_COLUMNS = ['id', 'kind', 'year', 'next_no', 'next_circular_no', 'entry_count'] as const;

// Raw SQL: every registration reads and bumps its book (see Store.insert).
export function findBook(store: Store, kind: RegisterKind, year: number): Book | undefined {
  const r = store.raw<BookRow>('SELECT id, kind, year, next_no, next_circular_no, entry_count FROM books WHERE kind = ? AND year = ?', [kind, year])[0];
  return r ? toBook(r) : undefined;
}

/** Must run inside a transaction that goes on to allocate from the book. */
export function ensureBook(store: Store, kind: RegisterKind, year: number): Book {
  const existing = findBook(store, kind, year);
  if (existing) return existing;
  store.run(store.q.insertInto('books').values({ kind, year }));
  return findBook(store, kind, year) as Book;
}

export interface Allocation {
  bookId: number;
  registerNo: number;
  circularNo: number | null;
}

/**
 * Takes the next number(s) of a book. Call only inside store.tx() together with the insert
 * of the entries that use them: the bump and the entries commit or roll back as one.
 */
export function allocate(store: Store, kind: RegisterKind, year: number, count: number, circular: boolean): Allocation {
  const book = ensureBook(store, kind, year);
  if (circular) {
    // A circular takes only its ว number: the normal series (the ที่ …/3962 of the next letter)
    // never skips because of it. Its register_no is the ว number negated, so both series share
    // the book's UNIQUE (book_id, register_no) and the server's per-book check without meeting.
    store.rawRun('UPDATE books SET next_circular_no = next_circular_no + 1, entry_count = entry_count + 1 WHERE id = ?', [book.id]);
    recordIssued(store, kind, year, null, book.nextCircularNo);
    return { bookId: book.id, registerNo: circularRegisterNo(book.nextCircularNo), circularNo: book.nextCircularNo };
  }
  store.rawRun('UPDATE books SET next_no = next_no + ?, entry_count = entry_count + ? WHERE id = ?', [count, count, book.id]);
  // On disk beside the register before this transaction commits: a restore cannot lower it.
  recordIssued(store, kind, year, book.nextNo + count - 1, null);
  return { bookId: book.id, registerNo: book.nextNo, circularNo: null };
}

export function listBooks(store: Store, kind: RegisterKind): Book[] {
  // year < 0: the companion book of AMSS++'s duplicate numbers (migrations/local/0160), never numbered from.
  return store.all(store.q.selectFrom('books').select(BOOK_COLUMNS).where('kind', '=', kind).where('year', '>', 0).orderBy('year', 'desc')).map(toBook);
}

function highestUsed(store: Store, bookId: number, sequence: 'main' | 'circular'): number {
  const column = sequence === 'main' ? 'register_no' : 'circular_no';
  const r = store.first(
    store.q.selectFrom('entries').select((eb) => eb.fn.max(column).as('n')).where('book_id', '=', bookId),
  );
  return Number(r?.n ?? 0);
}

/**
 * An office that switches mid-year continues its paper or AMSS++ numbering. The next number
 * may move forward freely but never back onto a number already given, so no duplicate can
 * ever result; every change is recorded with its reason.
 */
export function setNextNumber(store: Store, input: z.output<typeof setNextNumberInput>, actor: string, at: string): Book {
  return store.tx(() => {
    const book = ensureBook(store, input.kind, input.year);
    const used = highestUsed(store, book.id, input.sequence);
    if (input.next <= used) {
      throw invalid('next', `เลขถัดไปต้องมากกว่า ${used} ซึ่งเป็นเลขที่ใช้ไปแล้ว`);
    }
    const before = input.sequence === 'main' ? book.nextNo : book.nextCircularNo;
    if (before === input.next) return book;
    store.run(
      store.q
        .updateTable('books')
        .set(input.sequence === 'main' ? { next_no: input.next } : { next_circular_no: input.next })
        .where('id', '=', book.id),
    );
    store.run(
      store.q.insertInto('number_changes').values({
        book_id: book.id,
        sequence: input.sequence,
        before,
        after: input.next,
        reason: input.reason,
        changed_by: actor,
        changed_at: at,
      }),
    );
    const what = { kind: input.kind, year: input.year, sequence: input.sequence };
    appendAudit(store, { action: 'number.change', entity: 'book', entityId: String(book.id), actor, at, before: { ...what, next: before }, after: { ...what, next: input.next, reason: input.reason } });
    return findBook(store, input.kind, input.year) as Book;
  });
}

export function listNumberChanges(store: Store, kind: RegisterKind): NumberChange[] {
  return store
    .all(
      store.q
        .selectFrom('number_changes as c')
        .innerJoin('books as b', 'b.id', 'c.book_id')
        .select(['c.id', 'b.kind', 'b.year', 'c.sequence', 'c.before', 'c.after', 'c.reason', 'c.changed_by', 'c.changed_at'])
        .where('b.kind', '=', kind)
        .orderBy('c.id', 'desc'),
    )
    .map((r) => ({
      id: r.id,
      kind: r.kind as RegisterKind,
      year: r.year,
      sequence: r.sequence as 'main' | 'circular',
      before: r.before,
      after: r.after,
      reason: r.reason,
      changedBy: r.changed_by,
      changedAt: r.changed_at,
    }));
}
