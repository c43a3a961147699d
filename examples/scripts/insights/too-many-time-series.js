// too-many-time-series: a tag whose value is different every time (an id, a timestamp, a random
// string) makes a time series per value, each stored and aggregated on its own. Tag with values
// that group, and put ids in logs instead.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/too-many-time-series.js
// Expect: one iteration adding 1 to a counter 20,001 times, tagged with a different order id
//         each time: 20,001 series of that counter alone. Insight:
//         best_practice_too_many_time_series (more than 20,000 series).
import http from "k6/http";
import { Counter } from "k6/metrics";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";
const orders = new Counter("orders_placed");

export const options = { vus: 1, iterations: 1 };

export default async function () {
  await http.get(`${BASE_URL}/fixed?ms=1`);
  for (let order = 0; order < 20_001; order++) orders.add(1, { order_id: `order-${order}` });
}
