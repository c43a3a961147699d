/**
 * The canonical text of a tag set, stored as `metric_series.tags_key`: the `[name, value]` pairs
 * sorted by name, as JSON. Equal tag sets give equal keys whatever their order, and JSON keeps any
 * name or value unambiguous (no separator character can be faked by a tag value).
 *
 * @example tagsKey({ status: "200", method: "GET" }) // '[["method","GET"],["status","200"]]'
 */
export function tagsKey(tags: Readonly<Record<string, string>>): string {
  const names = Object.keys(tags).sort();
  return JSON.stringify(names.map((name) => [name, tags[name]]));
}
