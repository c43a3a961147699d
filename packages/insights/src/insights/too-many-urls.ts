import { cardinalityLimit } from "./cardinality-limit.js";

/** k6: "more than 500 unique URLs". */
export const MAX_URLS = 500;

/**
 * best_practice_too_many_urls: more than 500 distinct request names, usually a query parameter or
 * an id that changes every iteration. Informational, as in k6.
 *
 * @example tooManyUrls.check(prepareRun(run))?.values?.count // 501
 */
export const tooManyUrls = cardinalityLimit({
  id: "best_practice_too_many_urls",
  name: "Too many URLs",
  field: "urls",
  limit: MAX_URLS,
  severity: "info",
  noun: "URLs",
  metric: "http_reqs",
  advice:
    "URLs that carry an id, a token or a timestamp make one series each, which hides the endpoint's " +
    'real behaviour. Group them with a name tag: http.get(url, { tags: { name: "/items/:id" } }).',
});
