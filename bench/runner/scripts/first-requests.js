// Start-up: every VU sends one request tagged with its number, so the arrival target can
// tell when the last VU's first request came in. setup() marks when the runner starts the
// test (k6 runs it after initialising the VUs).
import http from "k6/http";

export const options = {
  scenarios: { start: { executor: "per-vu-iterations", vus: Number(__ENV.VUS), iterations: 1 } },
};

export async function setup() {
  await http.get(`${__ENV.BASE_URL}/?setup=1`);
}

export default async function () {
  await http.get(`${__ENV.BASE_URL}/?vu=${__VU}`);
}
