// uneven-zone: the same test from two load zones, where the second zone's users get much slower
// answers (a slow link, a far region, a cache that only warms for one side). The insight names
// the slow zone; compare the zones with TestRun.zones or a time series filtered by zone.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/uneven-zone.js
//         (needs a private load zone "office" with one `barrage agent` enrolled; see the README)
// Expect: 4 VUs for 8 s, half in "local", half in "office"; every request 200, those of "office"
//         about 60 ms slower. Insight: http_load_uneven_zone (office's p95 well above local's).
import { sleep } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";
// The platform tells each agent where it runs (k6 Cloud's K6_CLOUDRUN_LOAD_ZONE).
const SLOW = __ENV.K6_CLOUDRUN_LOAD_ZONE === (__ENV.SLOW_ZONE || "office");

export const options = {
  vus: 4,
  duration: "8s",
  cloud: {
    distribution: {
      home: { loadZone: "local", percent: 50 },
      office: { loadZone: __ENV.SLOW_ZONE || "office", percent: 50 },
    },
  },
};

export default async function () {
  await http.get(`${BASE_URL}/fixed?ms=${SLOW ? 70 : 10}`, { tags: { name: "/fixed" } });
  await sleep(0.02);
}
