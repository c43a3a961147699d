import { describe, expect, it } from "vitest";
import { prepareRun } from "../context.js";
import { perSecond, repeat, seeded, syntheticRun, T0 } from "../synthetic.test-helpers.js";
import type { RunSeries, StatusSeries, UrlSeries } from "../types.js";
import { errorBurst } from "./error-burst.js";

const SECONDS = 120;

/** `rps` requests a second for the whole run, failures as given. */
function url(name: string, rps: number, failures: number[], statuses?: StatusSeries[]): UrlSeries {
  return {
    name,
    method: "GET",
    requests: perSecond(repeat(rps, SECONDS)),
    failures: perSecond(failures),
    ...(statuses ? { statuses } : {}),
  };
}

/** Failures: `inside` a second from `from` for `length` seconds, `outside` otherwise. */
function burst(from: number, length: number, inside: number, outside = 0): number[] {
  return Array.from({ length: SECONDS }, (_, i) => (i >= from && i < from + length ? inside : outside));
}

/** A run whose totals are the sum of its URLs. */
function run(urls: UrlSeries[], statuses: StatusSeries[] = []): RunSeries {
  const sum = (pick: (u: UrlSeries) => { time: number; value: number }[]) =>
    Array.from({ length: SECONDS }, (_, i) =>
      urls.reduce((s, u) => s + (pick(u).find((p) => p.time === T0 + i * 1000)?.value ?? 0), 0),
    );
  return syntheticRun(SECONDS, {
    urls,
    statuses,
    requests: perSecond(sum((u) => u.requests)),
    failures: perSecond(sum((u) => u.failures)),
  });
}

const check = (r: RunSeries) => errorBurst.check(prepareRun(r));

describe("http_load_error_burst", () => {
  it("ties a burst to its URL and its main status, with the time range", () => {
    const failures = burst(40, 20, 30);
    const statuses = [
      { status: "503", failures: perSecond(burst(40, 20, 24)) },
      { status: "504", failures: perSecond(burst(40, 20, 6)) },
    ];
    const insight = check(
      run([url("/cart", 100, failures, statuses), url("/home", 100, repeat(0, SECONDS))]),
    );
    expect(insight).toMatchObject({
      id: "http_load_error_burst",
      severity: "warning",
      from: T0 + 40_000,
      to: T0 + 60_000,
      metric: "http_req_failed",
      filter: { name: "/cart", method: "GET" },
      values: {
        on: "URL GET /cart",
        failures: 600,
        requests: 2000,
        failureRate: 0.3,
        outsideRate: 0,
        bursts: 1,
      },
    });
    expect(insight?.explanation).toContain(
      "From 40s to 1m00s into the test, 600 of 2,000 requests on URL GET /cart failed",
    );
    expect(insight?.explanation).toContain("Most of them (80.0%) had status 503.");
  });

  it("ties a burst to a status across URLs", () => {
    const a = url("/a", 100, burst(70, 10, 20));
    const b = url("/b", 100, burst(70, 10, 20));
    const insight = check(run([a, b], [{ status: "502", failures: perSecond(burst(70, 10, 40)) }]));
    expect(insight).toMatchObject({
      metric: "http_reqs",
      filter: { status: "502" },
      values: { on: "status 502" },
    });
  });

  it("does not pin a failure of every URL on one of them", () => {
    const a = url("/a", 100, burst(70, 10, 20));
    const b = url("/b", 100, burst(70, 10, 20));
    expect(check(run([a, b]))).toBeUndefined();
  });

  it("fires 10.5 points above the rest of the URL's traffic and not 9.5", () => {
    const quiet = url("/home", 1000, repeat(0, SECONDS));
    expect(check(run([url("/cart", 1000, burst(40, 20, 105)), quiet]))).toBeDefined();
    expect(check(run([url("/cart", 1000, burst(40, 20, 95)), quiet]))).toBeUndefined();
  });

  it("needs at least 10 failures", () => {
    const quiet = url("/home", 10, repeat(0, SECONDS));
    const failing = (last: number) =>
      Array.from({ length: SECONDS }, (_, i) => (i === 50 || i === 51 ? 3 : i === 52 ? last : 0));
    expect(check(run([url("/cart", 10, failing(4)), quiet]))?.values?.failures).toBe(10);
    expect(check(run([url("/cart", 10, failing(3)), quiet]))).toBeUndefined();
  });

  it("does not call a failure that lasts most of the test a burst", () => {
    const quiet = url("/home", 100, repeat(0, SECONDS));
    expect(check(run([url("/cart", 100, burst(0, 70, 40)), quiet]))).toBeUndefined();
    expect(check(run([url("/cart", 100, repeat(30, SECONDS)), quiet]))).toBeUndefined();
  });

  it("does not fire on scattered failures", () => {
    const rand = seeded(29);
    const scattered = Array.from({ length: SECONDS }, () => (rand() < 0.3 ? Math.floor(rand() * 4) : 0));
    expect(check(run([url("/cart", 100, scattered), url("/home", 100, repeat(0, SECONDS))]))).toBeUndefined();
  });

  it("reports the biggest burst first and names the others", () => {
    const insight = check(
      run([
        url("/cart", 100, burst(40, 20, 30)),
        url("/login", 100, burst(90, 10, 50)),
        url("/home", 100, repeat(0, SECONDS)),
      ]),
    );
    expect(insight?.values).toMatchObject({ on: "URL GET /cart", bursts: 2 });
    expect(insight?.explanation).toContain(
      "Other bursts: URL GET /login (from 1m30s to 1m40s into the test).",
    );
  });
});
