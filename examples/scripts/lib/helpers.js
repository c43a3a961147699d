// Helpers imported by data-files.js: a local module import is bundled with the script.

/**
 * The entry of `list` for this VU and iteration, so VUs spread over the data instead of all
 * taking the first entry.
 */
export function pickFor(list, vu, iteration) {
  return list[(vu + iteration) % list.length];
}

/** A JSON POST's params. */
export function jsonParams(extraHeaders = {}) {
  return { headers: { "Content-Type": "application/json", ...extraHeaders } };
}
