import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTarget, type Target } from "./server.js";

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(() => target.close());

const get = (path: string, init?: RequestInit) => fetch(`${target.url}${path}`, init);

async function delayOf(path: string): Promise<number> {
  const res = await get(path);
  expect(res.status).toBe(200);
  return ((await res.json()) as { delayMs: number }).delayMs;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

describe("startTarget", () => {
  it("listens on a random loopback port and closes even with keep-alive connections open", async () => {
    const own = await startTarget({ port: 0 });
    expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(own.port).toBeGreaterThan(0);
    expect((await fetch(`${own.url}/`)).status).toBe(200);
    const { ms } = await timed(() => own.close());
    expect(ms).toBeLessThan(1000);
    await expect(fetch(`${own.url}/`)).rejects.toThrow();
  });
});

describe("basic endpoints", () => {
  it("GET / answers a small text", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    expect(await res.text()).toBe("barrage example target\n");
  });

  it("GET /status/:code answers that status, without a body for 204", async () => {
    expect((await get("/status/418")).status).toBe(418);
    const empty = await get("/status/204");
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
    const bad = await get("/status/700");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "status 700 must be an integer from 200 to 599" });
  });

  it("GET /redirect chains n redirects then lands on `to`", async () => {
    const first = await get("/redirect?to=/bytes?n=3&n=2", { redirect: "manual" });
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/redirect?to=%2Fbytes%3Fn%3D3&n=1");
    const second = await get(first.headers.get("location") ?? "", { redirect: "manual" });
    expect(second.headers.get("location")).toBe("/bytes?n=3");
    const followed = await get("/redirect?to=/bytes?n=3&n=2");
    expect(followed.url).toBe(`${target.url}/bytes?n=3`);
    expect((await followed.arrayBuffer()).byteLength).toBe(3);
  });

  it("GET /redirect refuses to send clients off this origin", async () => {
    const res = await get("/redirect?to=//example.com/", { redirect: "manual" });
    expect(res.status).toBe(400);
  });

  it("GET /cookies/set sets each parameter as a cookie and points to /cookies", async () => {
    const res = await get("/cookies/set?name=v&other=a%20b", { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/cookies");
    expect(res.headers.getSetCookie()).toEqual(["name=v; Path=/", "other=a%20b; Path=/"]);
  });

  it("GET /cookies echoes the cookies sent", async () => {
    const res = await get("/cookies", { headers: { cookie: "name=v; other=a%20b; raw=%zz" } });
    expect(await res.json()).toEqual({ cookies: { name: "v", other: "a b", raw: "%zz" } });
  });

  it("GET /bytes answers exactly n bytes", async () => {
    for (const n of [0, 1024, 100_000]) {
      const res = await get(`/bytes?n=${n}`);
      expect(res.headers.get("content-length")).toBe(String(n));
      expect((await res.arrayBuffer()).byteLength).toBe(n);
    }
    expect((await get("/bytes?n=-1")).status).toBe(400);
  });

  it("POST /echo echoes method, query, headers and body", async () => {
    const res = await get("/echo?x=1", { method: "POST", headers: { "x-test": "yes" }, body: "hello" });
    const echo = (await res.json()) as Record<string, unknown>;
    expect(echo).toMatchObject({ method: "POST", query: { x: "1" }, body: "hello" });
    expect(echo.headers).toMatchObject({ "x-test": "yes", "content-length": "5" });
  });

  it("answers 404 for unknown paths and 405 with Allow for a wrong method", async () => {
    const missing = await get("/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "no route for /nope" });
    const wrong = await get("/echo");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });

  it("answers HEAD through the GET route, without a body", async () => {
    const res = await get("/bytes?n=10", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("10");
    expect(await res.text()).toBe("");
  });
});

describe("latency and errors", () => {
  it("GET /fixed waits the given ms", async () => {
    const { value, ms } = await timed(() => delayOf("/fixed?ms=60"));
    expect(value).toBe(60);
    expect(ms).toBeGreaterThanOrEqual(58);
    const bad = await get("/fixed?ms=abc");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "query parameter ms=abc must be a number from 0 to 60000" });
  });

  it("GET /random waits a uniform delay within [min, max]", async () => {
    const delays = await Promise.all(Array.from({ length: 20 }, () => delayOf("/random?min=30&max=40")));
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(30);
      expect(delay).toBeLessThanOrEqual(40);
    }
    expect(new Set(delays).size).toBeGreaterThan(1);
    expect((await get("/random?min=50&max=10")).status).toBe(400);
  });

  it("GET /random?dist=lognormal centres on the median with a right tail", async () => {
    const delays = await Promise.all(
      Array.from({ length: 200 }, () => delayOf("/random?dist=lognormal&median=4&sigma=0.5")),
    );
    expect(median(delays)).toBeGreaterThan(3);
    expect(median(delays)).toBeLessThan(5.3);
    expect(Math.max(...delays)).toBeGreaterThan(8);
    expect((await get("/random?dist=pareto")).status).toBe(400);
  });

  it("GET /error fails at the given rate with the given status", async () => {
    const statuses = async (query: string, n: number) =>
      Promise.all(Array.from({ length: n }, async () => (await get(`/error?${query}`)).status));
    expect(new Set(await statuses("rate=0", 50))).toEqual(new Set([200]));
    expect(new Set(await statuses("rate=1&status=503", 50))).toEqual(new Set([503]));
    const half = await statuses("rate=0.5", 400);
    const failed = half.filter((s) => s === 500).length;
    // Binomial(400, 0.5): sd 10, so 140..260 fails only by a 6-sigma fluke.
    expect(failed).toBeGreaterThan(140);
    expect(failed).toBeLessThan(260);
  });
});

describe("JSON API", () => {
  async function login(username: string, password: string) {
    return get("/api/login", { method: "POST", body: JSON.stringify({ username, password }) });
  }

  it("logs demo users in and refuses others", async () => {
    const ok = await login("alice", "wonderland");
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { token: string }).token).toMatch(/^[0-9a-f]{32}$/);
    expect((await login("alice", "wrong")).status).toBe(401);
    expect((await login("toString", "x")).status).toBe(401);
    const notJson = await get("/api/login", { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
  });

  it("lists and reads the seeded items", async () => {
    const list = (await (await get("/api/items?limit=2&offset=1")).json()) as {
      items: { id: number }[];
      total: number;
    };
    expect(list.items.map((i) => i.id)).toEqual([2, 3]);
    expect(list.total).toBeGreaterThanOrEqual(5);
    expect(await (await get("/api/items/3")).json()).toEqual({
      id: 3,
      name: "giant magnet",
      price: 30,
      owner: "acme",
    });
    expect((await get("/api/items/999999")).status).toBe(404);
  });

  it("creates items only with a valid bearer token", async () => {
    const body = JSON.stringify({ name: "spring", price: 5 });
    expect((await get("/api/items", { method: "POST", body })).status).toBe(401);
    const badToken = { authorization: "Bearer nope" };
    expect((await get("/api/items", { method: "POST", body, headers: badToken })).status).toBe(401);

    const { token } = (await (await login("bob", "builder")).json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const created = await get("/api/items", { method: "POST", body, headers });
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: number };
    expect(item).toMatchObject({ name: "spring", price: 5, owner: "bob" });
    expect(created.headers.get("location")).toBe(`/api/items/${item.id}`);
    expect(await (await get(`/api/items/${item.id}`)).json()).toEqual(item);

    const invalid = await get("/api/items", { method: "POST", body: JSON.stringify({ price: 1 }), headers });
    expect(invalid.status).toBe(400);
  });
});

describe("load modes", () => {
  it("GET /saturate serves at most `capacity` at once and queues the rest", async () => {
    const burst = (capacity: number) =>
      timed(() =>
        Promise.all(Array.from({ length: 6 }, () => delayOf(`/saturate?capacity=${capacity}&ms=100`))),
      );
    // 6 requests through 2 slots take 3 rounds of 100 ms; through 6 slots, one round.
    expect((await burst(2)).ms).toBeGreaterThanOrEqual(290);
    expect((await burst(6)).ms).toBeLessThan(250);
  });

  it("GET /degrade?by=concurrency adds `slope` ms per request in flight beyond `after`", async () => {
    const delays = await Promise.all(
      Array.from({ length: 5 }, () => delayOf("/degrade?by=concurrency&after=0&ms=200&slope=20")),
    );
    expect(delays.sort((a, b) => a - b)).toEqual([200, 220, 240, 260, 280]);
  });

  it("GET /degrade?by=time adds `slope` ms per second since start beyond `after`", async () => {
    const own = await startTarget();
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const res = await fetch(`${own.url}/degrade?after=0&ms=5&slope=100`);
      const { delayMs } = (await res.json()) as { delayMs: number };
      expect(delayMs).toBeGreaterThanOrEqual(5 + 30);
      expect(delayMs).toBeLessThan(5 + 100);
      expect(await (await fetch(`${own.url}/degrade?after=1000&ms=5`)).json()).toEqual({ delayMs: 5 });
    } finally {
      await own.close();
    }
  });
});

describe("server.js command", () => {
  const script = fileURLToPath(new URL("./server.js", import.meta.url));

  it("prints its URL, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [script, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const url = /target listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line.toString())?.[1];
    expect(url).toBeDefined();
    expect((await fetch(`${url}/`)).status).toBe(200);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("refuses a bad --port with a clear message", async () => {
    const child = spawn(process.execPath, [script, "--port", "http"], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(stderr).toContain("--port http must be an integer from 0 to 65535");
  });
});
