import { describe, expect, it } from "vitest";
import type { SummaryData, SummaryGroup } from "./data.js";
import { textSummary } from "./text.js";

const TIME_TREND = { type: "trend", contains: "time" } as const;

function group(
  name: string,
  path: string,
  checks: [string, number, number][],
  groups: SummaryGroup[] = [],
): SummaryGroup {
  return {
    name,
    path,
    id: `id${path}`,
    groups,
    checks: checks.map(([checkName, passes, fails]) => ({
      name: checkName,
      path: `${path}::${checkName}`,
      id: `id${path}::${checkName}`,
      passes,
      fails,
    })),
  };
}

const OPTIONS = {
  summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)"],
  summaryTimeUnit: "",
  noColor: false,
};
const STATE = { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 30_000 };

/** A small run touching every kind of line: nested groups, passing and failing checks, each metric type. */
const DATA: SummaryData = {
  root_group: group(
    "",
    "",
    [
      ["status is 200", 10, 0],
      ["body ok", 7, 3],
    ],
    [group("login", "::login", [["logged in", 5, 0]], [group("mfa", "::login::mfa", [["code sent", 0, 2]])])],
  ),
  options: OPTIONS,
  state: STATE,
  metrics: {
    vus: { type: "gauge", contains: "default", values: { value: 1, min: 1, max: 10 } },
    http_reqs: { type: "counter", contains: "default", values: { count: 60, rate: 1.999933 } },
    "http_req_duration{expected_response:true}": {
      ...TIME_TREND,
      values: { avg: 12.5, min: 1, med: 10.123, max: 40, "p(90)": 30, "p(95)": 35.5 },
    },
    http_req_duration: {
      ...TIME_TREND,
      values: {
        avg: 49.94123,
        min: 2 ** -12,
        med: 0.75,
        max: 1234.5678,
        "p(90)": 61_234,
        "p(95)": 3_723_000,
      },
      thresholds: { "avg<100": { ok: true }, "p(95)<500": { ok: false } },
    },
    checks: {
      type: "rate",
      contains: "default",
      values: { rate: 22 / 27, passes: 22, fails: 5 },
      thresholds: { "rate>0.9": { ok: false } },
    },
    data_sent: { type: "counter", contains: "data", values: { count: 8, rate: 0.25 } },
    data_received: { type: "counter", contains: "data", values: { count: 375_012, rate: 6250.2 } },
    http_req_failed: {
      type: "rate",
      contains: "default",
      values: { rate: 2 / 60, passes: 2, fails: 58 },
      thresholds: { "rate<0.05": { ok: true } },
    },
    iteration_duration: {
      ...TIME_TREND,
      values: { avg: 1002.3, min: 1000, med: 1001, max: 1100, "p(90)": 1050.55, "p(95)": 1080 },
    },
    my_trend: {
      type: "trend",
      contains: "default",
      values: { avg: 3.1234567, min: 0, med: 2.5, max: 1_000_000, "p(90)": 10, "p(95)": 12.25 },
    },
  },
};

// Written from k6's jslib k6-summary code (summarizeGroup, summarizeMetrics, humanizeValue), not from
// this implementation's output. Trailing spaces are k6's column padding.
const GOLDEN = [
  "     ✓ status is 200",
  "     ✗ body ok",
  "      ↳  70% — ✓ 7 / ✗ 3",
  "",
  "     █ login",
  "",
  "       ✓ logged in",
  "",
  "       █ mfa",
  "",
  "         ✗ code sent",
  "          ↳  0% — ✓ 0 / ✗ 2",
  "",
  "   ✗ checks.........................: 81.48% ✓ 22       ✗ 5   ",
  "     data_received..................: 375 kB 6.3 kB/s",
  "     data_sent......................: 8 B    0.25 B/s",
  "   ✗ http_req_duration..............: avg=49.94ms  min=244ns med=750µs   max=1.23s   p(90)=1m1s  p(95)=1h2m3s",
  "       { expected_response:true }...: avg=12.5ms   min=1ms   med=10.12ms max=40ms    p(90)=30ms  p(95)=35.5ms",
  "   ✓ http_req_failed................: 3.33%  ✓ 2        ✗ 58  ",
  "     http_reqs......................: 60     1.999933/s",
  "     iteration_duration.............: avg=1s       min=1s    med=1s      max=1.1s    p(90)=1.05s p(95)=1.08s ",
  "     my_trend.......................: avg=3.123457 min=0     med=2.5     max=1000000 p(90)=10    p(95)=12.25 ",
  "     vus............................: 1      min=1      max=10",
].join("\n");

describe("textSummary", () => {
  it("prints k6's classic end-of-test summary", () => {
    expect(textSummary(DATA, { indent: " " })).toBe(GOLDEN);
  });

  it("uses one space of indent and no colors by default", () => {
    expect(textSummary(DATA)).toBe(GOLDEN);
  });

  it("prefixes every line with the indent", () => {
    const lines = textSummary(DATA, { indent: ">>" }).split("\n");
    expect(lines[0]).toBe(">>    ✓ status is 200");
    expect(lines.at(-1)).toBe(">>    vus............................: 1      min=1      max=10");
  });

  it("colors marks, values and dots with k6's ANSI codes when asked", () => {
    const data: SummaryData = {
      root_group: group("", "", [
        ["ok", 1, 0],
        ["bad", 1, 1],
      ]),
      options: OPTIONS,
      state: STATE,
      metrics: {
        iterations: {
          type: "counter",
          contains: "default",
          values: { count: 5, rate: 0.5 },
          thresholds: { "count>1": { ok: true } },
        },
        checks: {
          type: "rate",
          contains: "default",
          values: { rate: 2 / 3, passes: 2, fails: 1 },
          thresholds: { "rate>0.9": { ok: false } },
        },
      },
    };
    expect(textSummary(data, { indent: " ", enableColors: true }).split("\n")).toEqual([
      "\x1b[32m     ✓ ok\x1b[0m",
      "\x1b[31m     ✗ bad",
      "      ↳  50% — ✓ 1 / ✗ 1\x1b[0m",
      "",
      "   \x1b[31m✗\x1b[0m checks\x1b[2m.......:\x1b[0m \x1b[36m66.66%\x1b[0m \x1b[36;2m✓ 2\x1b[0m   \x1b[36;2m✗ 1\x1b[0m",
      "   \x1b[32m✓\x1b[0m iterations\x1b[2m...:\x1b[0m \x1b[36m5\x1b[0m      \x1b[36;2m0.5/s\x1b[0m",
    ]);
  });

  it("prints trend counts as plain numbers and honours a fixed time unit from the data or the options", () => {
    const data: SummaryData = {
      root_group: group("", "", []),
      options: { ...OPTIONS, summaryTrendStats: ["count", "p(99)"], summaryTimeUnit: "ms" },
      state: STATE,
      metrics: { t: { ...TIME_TREND, values: { count: 1234, "p(99)": 1500 } } },
    };
    expect(textSummary(data)).toBe("     t...: count=1234 p(99)=1500.00ms");
    expect(textSummary(data, { summaryTimeUnit: "s" })).toBe("     t...: count=1234 p(99)=1.50s");
    expect(textSummary(data, { summaryTimeUnit: null })).toBe("     t...: count=1234 p(99)=1.5s");
    expect(textSummary(data, { summaryTrendStats: ["p(99)"] })).toBe("     t...: p(99)=1500.00ms");
  });

  it("refuses a trend column the data does not hold, naming the ones it does", () => {
    expect(() => textSummary(DATA, { summaryTrendStats: ["p(99)"] })).toThrow(
      'textSummary: metric "http_req_duration{expected_response:true}" has no "p(99)" value; the data holds the columns of options.summaryTrendStats (avg, min, med, max, p(90), p(95))',
    );
  });

  it("prints only the checks when there are no metrics", () => {
    const data: SummaryData = {
      root_group: group("", "", [["ok", 3, 0]]),
      options: OPTIONS,
      state: STATE,
      metrics: {},
    };
    expect(textSummary(data)).toBe("     ✓ ok\n");
  });
});
