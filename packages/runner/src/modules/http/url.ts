/** What `http.url` returns: the URL, and a name that groups all URLs of the template. */
export interface TemplatedUrl {
  readonly url: string;
  readonly name: string;
  toString(): string;
}

/**
 * k6's `http.url` tagged template: ``http.url`${base}/items/${id}` `` requests the real URL and
 * tags it with the name `${}/items/${}`, so that dynamic URLs share one series.
 */
export function templatedUrl(strings: TemplateStringsArray, ...values: unknown[]): TemplatedUrl {
  let url = strings[0] ?? "";
  let name = strings[0] ?? "";
  values.forEach((value, i) => {
    url += String(value) + (strings[i + 1] ?? "");
    name += `\${}${strings[i + 1] ?? ""}`;
  });
  return { url, name, toString: () => url };
}

/** Whether a value is a {@link TemplatedUrl}. */
export function isTemplatedUrl(value: unknown): value is TemplatedUrl {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as TemplatedUrl).url === "string" &&
    typeof (value as TemplatedUrl).name === "string"
  );
}
