/**
 * What the generic form components share: their common props and ids. A control's id is `f-<name>` unless the
 * page has several forms, which then pass `f-<form>-<name>` so ids never
 * clash; the hint and the inline error hang off it (`<id>-hint`, `<id>-error`).
 */

/** The id of a control: the one given, else `f-<name>`. */
export function controlId(name: string, id?: string): string {
  return id ?? `f-${name}`;
}

/** The `aria-describedby` of a control: its hint if any, and its inline error when there is one. */
export function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** The props every field component takes. */
export type FieldProps = {
  /** The form field's name. */
  name: string;
  /** The control's id; defaults to `f-<name>`. */
  id?: string | undefined;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
};
