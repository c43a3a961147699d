/** The tags of a sample: k6's system tags (scenario, group, url, status, ...) and the user's. */
export type Tags = Readonly<Record<string, string>>;

/**
 * A stable key for a tag set: the same tags always give the same key, whatever their order.
 * Used to find a tag set's series; the hot HTTP path builds its keys incrementally instead.
 */
export function tagsKey(tags: Tags): string {
  const names = Object.keys(tags).sort();
  let key = "";
  for (const name of names) key += `${name}\u0001${tags[name]}\u0002`;
  return key;
}

/** Appends one tag to a key made by {@link tagsKey} or by this function. */
export function extendKey(key: string, name: string, value: string): string {
  return `${key}${name}\u0001${value}\u0002`;
}
