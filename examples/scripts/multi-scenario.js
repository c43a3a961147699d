// multi-scenario: two workloads in one test. Each scenario has its own executor, function
// (exec), start time, tags and environment; thresholds can target one scenario through the
// `scenario` tag k6 adds to every sample.
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/multi-scenario.js
// Expect: "readers" (3 VUs) browse for 4 s from the start; "writers" start at 1 s and log in
//         and create exactly 12 items between 4 VUs; thresholds per scenario pass; exit code 0.
import { check, sleep } from "k6";
import exec from "k6/execution";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  scenarios: {
    readers: {
      executor: "constant-vus",
      vus: 3,
      duration: "4s",
      exec: "read",
      tags: { kind: "read" },
      env: { READ_PATH: "/random?min=5&max=15" },
    },
    writers: {
      executor: "shared-iterations",
      vus: 4,
      iterations: 12,
      startTime: "1s",
      exec: "write",
      tags: { kind: "write" },
      env: { USERNAME: "bob", PASSWORD: "builder" },
    },
  },
  thresholds: {
    "http_req_duration{scenario:readers}": ["p(95)<500"],
    "http_req_duration{kind:write}": ["p(95)<1000"],
    "iterations{scenario:writers}": ["count==12"],
    checks: ["rate==1"],
  },
};

export async function read() {
  const res = await http.get(`${BASE_URL}${__ENV.READ_PATH}`);
  check(res, { "read is 200": (r) => r.status === 200 && exec.scenario.name === "readers" });
  await sleep(0.2);
}

export async function write() {
  const login = await http.post(
    `${BASE_URL}/api/login`,
    JSON.stringify({ username: __ENV.USERNAME, password: __ENV.PASSWORD }),
    { headers: { "Content-Type": "application/json" } },
  );
  const res = await http.post(
    `${BASE_URL}/api/items`,
    JSON.stringify({ name: `from ${exec.scenario.name}` }),
    {
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${login.json().token}` },
    },
  );
  check(res, { "write is 201": (r) => r.status === 201 && r.json().owner === __ENV.USERNAME });
}
