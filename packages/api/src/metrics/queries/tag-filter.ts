/**
 * Which series of a metric to read: those carrying every given tag with exactly that value (k6's
 * sub-metric rule; other tags do not matter). The named fields are the tags dashboards filter by
 * most; `tags` takes any other.
 *
 * @example { zone: "amazon:us:ashburn", status: "200", tags: { method: "GET" } }
 */
export interface TagFilter {
  /** The `load_zone` tag. */
  zone?: string;
  scenario?: string;
  /** The `name` tag: the URL, or what the script named the request. */
  name?: string;
  /** The HTTP status, as text (`"200"`). */
  status?: string;
  /** The group path, `::outer::inner` (`""` for the root group). */
  group?: string;
  /** The check's name. */
  check?: string;
  /**
   * Any other tags. `instance_id` selects one agent's points (its id as text); it is matched on the
   * points' agent rather than on the series' tags (point-scope.ts).
   */
  tags?: Readonly<Record<string, string>>;
}

const NAMED: readonly (readonly [keyof TagFilter, string])[] = [
  ["zone", "load_zone"],
  ["scenario", "scenario"],
  ["name", "name"],
  ["status", "status"],
  ["group", "group"],
  ["check", "check"],
];

/**
 * The tags a filter requires, as one object (`zone` becomes `load_zone`).
 *
 * @throws RangeError when a named field and `tags` ask for different values of one tag
 */
export function filterTags(filter: TagFilter = {}): Record<string, string> {
  const tags: Record<string, string> = { ...filter.tags };
  for (const [field, tag] of NAMED) {
    const value = filter[field];
    if (value === undefined) continue;
    if (typeof value !== "string")
      throw new RangeError(`tag filter ${field} must be text, got ${typeof value}`);
    if (tags[tag] !== undefined && tags[tag] !== value) {
      throw new RangeError(
        `tag filter asks for ${tag} ${JSON.stringify(value)} (as ${field}) and ${JSON.stringify(tags[tag])} (in tags); give one`,
      );
    }
    tags[tag] = value;
  }
  return tags;
}
