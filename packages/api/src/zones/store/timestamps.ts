/**
 * A `timestamptz` as drizzle's raw `execute` returns it: PostgreSQL's text form
 * (`2025-11-28 09:30:00.123456+00`), which drizzle leaves unparsed, as a Date. A Date (from a
 * plain pool query) is returned as is.
 *
 * @example toDate("2025-11-28 09:30:00.5+00") // 2025-11-28T09:30:00.500Z
 */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const iso = String(value)
    .replace(" ", "T")
    .replace(/([+-]\d\d)$/, "$1:00");
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new TypeError(`${JSON.stringify(value)} is not a timestamp`);
  return date;
}

/** {@link toDate} for a nullable column. */
export function toOptionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}
