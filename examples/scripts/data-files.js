// data-files: test data from a local file and code from a local module. open() reads the
// file once in the init context; SharedArray keeps one copy for all VUs instead of one per
// VU. The JSON lists logins and the status each should get, good and bad.
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/data-files.js
// Expect: 20 iterations by 4 VUs, each one login from data/users.json; every answer has the
//         expected status (the check passes 20 times, though half the logins are refused, which
//         http_req_failed counts as failures); exit code 0.
import { check } from "k6";
import { SharedArray } from "k6/data";
import http from "k6/http";
import { jsonParams, pickFor } from "./lib/helpers.js";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

const users = new SharedArray("users", () => JSON.parse(open("./data/users.json")));

export const options = {
  scenarios: {
    logins: { executor: "shared-iterations", vus: 4, iterations: 20, maxDuration: "10s" },
  },
  thresholds: { checks: ["rate==1"] },
};

export default async function () {
  const user = pickFor(users, __VU, __ITER);
  const res = await http.post(
    `${BASE_URL}/api/login`,
    JSON.stringify({ username: user.username, password: user.password }),
    jsonParams(),
  );
  check(res, { "login answers as the data expects": (r) => r.status === user.expectStatus });
}
