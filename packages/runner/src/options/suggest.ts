/**
 * `' (did you mean "x"?)'` when `value` is a near miss of one of `candidates` (same letters in
 * another case, or an edit distance of at most a third of its length), else the empty string.
 *
 * @example suggestion("ramping-vu", ["ramping-vus", "constant-vus"]) // ' (did you mean "ramping-vus"?)'
 */
export function suggestion(value: unknown, candidates: readonly string[]): string {
  if (typeof value !== "string" || value === "") return "";
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(value.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
