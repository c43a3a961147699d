// too-many-urls: paging through a listing without naming the request makes every page a URL of
// its own (k6 names a request by its URL), and results split into hundreds of rows. Name such
// requests: http.get(url, { tags: { name: "/api/items?offset=" } }).
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/too-many-urls.js
// Expect: one iteration of 501 requests, /api/items?limit=1&offset=0 .. 500, all 200. Insights:
//         best_practice_too_many_urls (501 distinct URLs, more than 500) and
//         best_practice_not_enough_training_data (a single iteration).
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = { vus: 1, iterations: 1 };

export default async function () {
  for (let offset = 0; offset < 501; offset++) {
    await http.get(`${BASE_URL}/api/items?limit=1&offset=${offset}`);
  }
}
