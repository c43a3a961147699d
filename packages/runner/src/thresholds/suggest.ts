/**
 * Picks, among `candidates`, the names close enough to `name` to be what was meant (a typo, a wrong
 * case, a missing or extra character): at most `limit` of them, closest first.
 *
 * @example suggestNames("http_req_duraton", ["http_req_duration", "vus"]) // ["http_req_duration"]
 */
export function suggestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  // A third of the name's length lets longer names carry more typos; 2 keeps short ones useful.
  const allowed = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  return [...candidates]
    .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= allowed)
    .sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions turning `a` into `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
