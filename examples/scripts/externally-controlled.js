// externally-controlled: the VU count is set from outside while the test runs, through the
// control API (k6's REST API) on --address. Useful for exploring by hand, or for a script
// or controller that scales load in reaction to what it sees.
//
// Run:    barrage run --address 127.0.0.1:6565 -e BASE_URL=http://127.0.0.1:PORT \
//           examples/scripts/externally-controlled.js
// Then:   curl -s 127.0.0.1:6565/v1/status
//         curl -s -X PATCH 127.0.0.1:6565/v1/status \
//           -d '{"data":{"type":"status","id":"default","attributes":{"vus":6}}}'
//         curl -s -X PATCH 127.0.0.1:6565/v1/status \
//           -d '{"data":{"type":"status","id":"default","attributes":{"stopped":true}}}'
// Expect: starts with 2 VUs (at most 10); the status shows the VUs you set; left alone it
//         ends after 10 s with exit code 0; stopped through the API it ends at once.
import { check, sleep } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  scenarios: {
    controlled: { executor: "externally-controlled", vus: 2, maxVUs: 10, duration: "10s" },
  },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/fixed?ms=10`);
  check(res, { "status is 200": (r) => r.status === 200 });
  await sleep(0.1);
}
