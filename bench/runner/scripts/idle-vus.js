// Memory per VU: each VU opens its keep-alive connection with one request, then idles.
// gracefulStop 0s ends the run at DURATION instead of waiting out the 30 s sleeps.

import { sleep } from "k6";
import http from "k6/http";

export const options = {
  scenarios: {
    idle: { executor: "constant-vus", vus: Number(__ENV.VUS), duration: __ENV.DURATION, gracefulStop: "0s" },
  },
};

export default async function () {
  await http.get(__ENV.URL);
  await sleep(30);
}
