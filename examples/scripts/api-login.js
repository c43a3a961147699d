// api-login: a realistic API test. setup() logs in once and hands the token to every
// iteration; iterations browse and create items inside groups, check the answers, and feed
// custom metrics of all four kinds; thresholds decide pass or fail, some on sub-metrics.
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/api-login.js
//         (or `npm run demo`, which starts the platform and the target and runs this script as a
//         cloud run; `npm run demo:local` runs it with the local runner)
// Expect: 5 VUs for 4 s; every check passes; all thresholds pass; exit code 0.
import { check, fail, group, sleep } from "k6";
import http from "k6/http";
import { Counter, Gauge, Rate, Trend } from "k6/metrics";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";
const JSON_HEADERS = { "Content-Type": "application/json" };

const itemsCreated = new Counter("items_created");
const catalogSize = new Gauge("catalog_size");
const itemFound = new Rate("item_found");
const createDuration = new Trend("item_create_duration", true);

export const options = {
  vus: 5,
  duration: "4s",
  thresholds: {
    checks: ["rate==1"],
    http_req_failed: ["rate<0.01"],
    http_req_duration: ["p(95)<500"],
    // Only the reads, through the group tag k6 puts on every request inside a group.
    "http_req_duration{group:::browse}": ["p(95)<300", "max<2000"],
    items_created: ["count>10"],
    item_found: ["rate>0.99"],
    item_create_duration: ["p(90)<500"],
  },
};

export async function setup() {
  const res = await http.post(
    `${BASE_URL}/api/login`,
    JSON.stringify({ username: "alice", password: "wonderland" }),
    { headers: JSON_HEADERS },
  );
  if (!check(res, { "logged in": (r) => r.status === 200 && typeof r.json().token === "string" })) {
    fail(`login failed with status ${res.status}: ${res.body}`);
  }
  return { token: res.json().token };
}

export default async function (data) {
  await group("browse", async () => {
    const list = await http.get(`${BASE_URL}/api/items?limit=5`);
    check(list, {
      "list is 200": (r) => r.status === 200,
      "list has items": (r) => r.json().items.length > 0,
    });
    catalogSize.add(list.json().total);

    const id = 1 + Math.floor(Math.random() * 5);
    // One name for all ids, so the results group as one URL instead of five.
    const item = await http.get(`${BASE_URL}/api/items/${id}`, { tags: { name: "/api/items/:id" } });
    itemFound.add(item.status === 200);
    check(item, { "item has the asked id": (r) => r.json().id === id });
  });

  await group("create", async () => {
    const res = await http.post(
      `${BASE_URL}/api/items`,
      JSON.stringify({ name: `widget ${__VU}-${__ITER}`, price: 3 }),
      { headers: { ...JSON_HEADERS, Authorization: `Bearer ${data.token}` } },
    );
    const created = check(res, {
      "created is 201": (r) => r.status === 201,
      "created is owned by alice": (r) => r.json().owner === "alice",
    });
    if (created) itemsCreated.add(1);
    createDuration.add(res.timings.duration);
  });

  await sleep(0.1 + Math.random() * 0.2);
}

export function teardown(data) {
  console.log(`teardown: the token ${data.token.slice(0, 6)}... is no longer needed`);
}
