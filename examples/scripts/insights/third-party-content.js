// third-party-content: a page that pulls fonts, scripts, images and trackers from other
// companies' servers measures their servers as much as yours, and loads them too. Exclude
// third-party URLs from load tests, or test them with their owners' consent.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/third-party-content.js
// Expect: 20 iterations, each requesting the page and its assets from 7 domains (mapped to the
//         target with k6's hosts option), all 200. Insight: best_practice_third_party_content
//         (requests went to 7 different domains, more than 5).
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";
// host:port of the target (k6 has no URL class in scripts).
const host = BASE_URL.replace(/^https?:\/\//, "").replace(/\/.*$/, "");

// Seven companies' domains, every one of them answered by the example target.
const DOMAINS = [
  "shop.example.test",
  "cdn.assets-provider.test",
  "fonts.typeface-host.test",
  "js.analytics-vendor.test",
  "pixel.ad-network.test",
  "img.image-cdn.test",
  "widgets.chat-support.test",
];

export const options = {
  vus: 2,
  iterations: 20,
  hosts: Object.fromEntries(DOMAINS.map((domain) => [domain, host])),
};

export default async function () {
  for (const domain of DOMAINS) {
    await http.get(`http://${domain}/`, { tags: { name: `http://${domain}/` } });
  }
}
