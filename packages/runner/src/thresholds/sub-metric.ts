import { ThresholdError } from "./errors.js";

/**
 * A sub-metric: the samples of `metric` that carry every tag of `tags` with that value. The engine
 * keeps one whole-test sink per sub-metric, under `name`.
 */
export interface SubMetricSpec {
  /** `metric{tags}` with the tag filter as written, trimmed (k6 names the sub-metric this way). */
  readonly name: string;
  readonly metric: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Whether a sample with these tags belongs to the sub-metric; extra tags do not matter. */
  matches(tags: Readonly<Record<string, string>>): boolean;
}

/** A threshold key split into its metric and, for `metric{tag:value,...}`, its sub-metric. */
export interface ThresholdKey {
  readonly metric: string;
  readonly subMetric: SubMetricSpec | undefined;
}

const FORMAT = "write metric{tag:value,...}, e.g. http_req_duration{status:200,scenario:api}";

/**
 * Splits a threshold key at the first `{` and the last `}`, as k6 does, and parses the tag filter:
 * `tag:value` pairs separated by commas; a value runs to the next comma and may contain `:`; spaces
 * around names and values are dropped and quotes (`"` or `'`) around them too, as in k6. A quoted value
 * may also contain commas (k6 itself would split it there).
 *
 * @example parseThresholdKey('http_req_duration{status:200, name:"GET /a, /b"}')
 * @throws {ThresholdError} for unbalanced braces, text after `}`, an empty filter, a pair without `:`,
 *   an empty name or value, or a tag given twice
 */
export function parseThresholdKey(key: string): ThresholdKey {
  const fail: (reason: string) => never = (reason) => {
    throw new ThresholdError(`invalid threshold key ${JSON.stringify(key)}: ${reason}; ${FORMAT}`, key);
  };
  const open = key.indexOf("{");
  const close = key.lastIndexOf("}");
  if (open === -1 && close === -1) return { metric: key, subMetric: undefined };
  if (open === -1 || close === -1 || close < open) fail('unbalanced "{" and "}"');
  if (close !== key.length - 1) fail('text after the closing "}"');

  const metric = key.slice(0, open);
  const filter = key.slice(open + 1, close).trim();
  if (filter === "") fail("the tag filter is empty");
  const tags = parseTagFilter(filter, fail);
  return { metric, subMetric: makeSubMetric(`${metric}{${filter}}`, metric, tags) };
}

/**
 * Builds a sub-metric spec from a metric name and tags, for sub-metrics the engine keeps on its own
 * (k6 keeps `http_req_duration{expected_response:true}` without any threshold).
 */
export function makeSubMetric(
  name: string,
  metric: string,
  tags: Readonly<Record<string, string>>,
): SubMetricSpec {
  const entries = Object.entries(tags);
  return {
    name,
    metric,
    tags,
    // Runs once per sample for every sub-metric of the sample's metric, hence the plain loop.
    matches(sampleTags) {
      for (const [tag, value] of entries) {
        if (sampleTags[tag] !== value) return false;
      }
      return true;
    },
  };
}

/** True when two sub-metrics select the same samples: same metric, same tags whatever their order. */
export function sameSubMetric(a: SubMetricSpec, b: SubMetricSpec): boolean {
  const aTags = Object.keys(a.tags);
  return (
    a.metric === b.metric &&
    aTags.length === Object.keys(b.tags).length &&
    aTags.every((tag) => b.tags[tag] === a.tags[tag])
  );
}

function parseTagFilter(filter: string, fail: (reason: string) => never): Record<string, string> {
  const tags = new Map<string, string>();
  let at = 0;
  while (at <= filter.length) {
    const name = readToken(filter, at, ":,");
    if (filter.charAt(name.end) !== ":") {
      const entry = filter.slice(at, name.end).trim();
      fail(
        entry === ""
          ? `an empty entry in ${JSON.stringify(filter)}`
          : `${JSON.stringify(entry)} has no ":value"`,
      );
    }
    const value = readToken(filter, name.end + 1, ",");
    if (name.text === "") fail(`a tag name is empty in ${JSON.stringify(filter)}`);
    if (value.text === "" && !value.quoted) fail(`tag ${JSON.stringify(name.text)} has no value`);
    if (tags.has(name.text)) fail(`tag ${JSON.stringify(name.text)} is given twice`);
    tags.set(name.text, value.text);
    at = value.end + 1;
  }
  return Object.fromEntries(tags);
}

interface Token {
  readonly text: string;
  readonly quoted: boolean;
  /** Index of the delimiter that ended the token, or the filter's length. */
  readonly end: number;
}

/**
 * Reads a tag name or value starting at `from` up to one of `delimiters`. A token that starts with a
 * quote and whose closing quote is followed only by spaces and a delimiter is taken verbatim between
 * the quotes; anything else gets k6's treatment: trimmed of spaces, then of quote characters at both
 * ends. So `it's` stays `it's`, and `'a' and 'b'` reads as k6 reads it.
 */
function readToken(filter: string, from: number, delimiters: string): Token {
  const start = skipSpaces(filter, from);
  const quote = filter.charAt(start);
  if (quote === '"' || quote === "'") {
    const closing = filter.indexOf(quote, start + 1);
    if (closing !== -1) {
      const after = skipSpaces(filter, closing + 1);
      if (after === filter.length || delimiters.includes(filter.charAt(after))) {
        return { text: filter.slice(start + 1, closing), quoted: true, end: after };
      }
    }
  }
  let end = from;
  while (end < filter.length && !delimiters.includes(filter.charAt(end))) end++;
  const text = filter
    .slice(from, end)
    .trim()
    .replace(/^["']+|["']+$/g, "");
  return { text, quoted: false, end };
}

function skipSpaces(text: string, from: number): number {
  let at = from;
  while (at < text.length && /\s/.test(text.charAt(at))) at++;
  return at;
}
