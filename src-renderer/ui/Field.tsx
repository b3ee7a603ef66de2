// A labelled form field: the label is bound to its input (htmlFor/id) and the Thai error sits
// right under it, announced to screen readers.
import type { ReactNode } from 'react';

export function Field({
  id,
  label,
  error,
  hint,
  children,
  wide,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={`field${wide ? ' field-wide' : ''}${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-control">
        {children}
        {hint ? <div className="field-hint">{hint}</div> : null}
        {error ? (
          <div className="field-error" id={`${id}-error`} role="alert">
            {error}
          </div>
        ) : null}
      </div>
    </div>
  );
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A form's message that belongs to no one field (a refusal, a conflict), read out at once. */
export function FormError({ message }: { message: string | null | undefined }) {
  return message ? (
    <p className="form-error" role="alert">
      {message}
    </p>
  ) : null;
}
