import { describe, expect, it } from "vitest";
import type { SummaryData } from "./data.js";
import { legacySummaryExportJson, toLegacySummaryExport } from "./legacy-export.js";

const DATA: SummaryData = {
  root_group: {
    name: "",
    path: "",
    id: "d41d8cd98f00b204e9800998ecf8427e",
    groups: [
      {
        name: "login",
        path: "::login",
        id: "g1",
        groups: [],
        checks: [{ name: "ok", path: "::login::ok", id: "c1", passes: 1, fails: 2 }],
      },
    ],
    checks: [
      {
        name: "is status 200",
        path: "::is status 200",
        id: "548d37ca5f33793206f7832e7cea54fb",
        passes: 4,
        fails: 0,
      },
    ],
  },
  options: { summaryTrendStats: ["avg", "p(95)"], summaryTimeUnit: "", noColor: false },
  state: { isStdOutTTY: true, isStdErrTTY: true, testRunDurationMs: 2000 },
  metrics: {
    checks: {
      type: "rate",
      contains: "default",
      values: { rate: 0.5, passes: 5, fails: 5 },
      thresholds: { "rate>0.9": { ok: false }, "rate>0.1": { ok: true } },
    },
    http_reqs: { type: "counter", contains: "default", values: { count: 4, rate: 2 } },
    vus: { type: "gauge", contains: "default", values: { value: 1, min: 1, max: 2 } },
    http_req_failed: { type: "rate", contains: "default", values: { rate: 0, passes: 0, fails: 4 } },
    http_req_duration: {
      type: "trend",
      contains: "time",
      values: { avg: 12.5, "p(95)": 20 },
      thresholds: { "p(95)<500": { ok: true } },
    },
  },
};

// k6's summary wrapper (oldJSONSummary) applied by hand: options and state dropped, values lifted,
// verdicts inverted (true = failed), a rate's `rate` moved to `value` after `thresholds`, groups and
// checks keyed by name, four-space indentation.
const GOLDEN = `{
    "root_group": {
        "name": "",
        "path": "",
        "id": "d41d8cd98f00b204e9800998ecf8427e",
        "groups": {
            "login": {
                "name": "login",
                "path": "::login",
                "id": "g1",
                "groups": {},
                "checks": {
                    "ok": {
                        "name": "ok",
                        "path": "::login::ok",
                        "id": "c1",
                        "passes": 1,
                        "fails": 2
                    }
                }
            }
        },
        "checks": {
            "is status 200": {
                "name": "is status 200",
                "path": "::is status 200",
                "id": "548d37ca5f33793206f7832e7cea54fb",
                "passes": 4,
                "fails": 0
            }
        }
    },
    "metrics": {
        "checks": {
            "passes": 5,
            "fails": 5,
            "thresholds": {
                "rate>0.9": true,
                "rate>0.1": false
            },
            "value": 0.5
        },
        "http_reqs": {
            "count": 4,
            "rate": 2
        },
        "vus": {
            "value": 1,
            "min": 1,
            "max": 2
        },
        "http_req_failed": {
            "passes": 0,
            "fails": 4,
            "value": 0
        },
        "http_req_duration": {
            "avg": 12.5,
            "p(95)": 20,
            "thresholds": {
                "p(95)<500": false
            }
        }
    }
}`;

describe("legacy --summary-export", () => {
  it("writes k6's legacy document", () => {
    expect(legacySummaryExportJson(DATA)).toBe(GOLDEN);
  });

  it("keeps a counter's rate as rate: only rate metrics rename it", () => {
    expect(toLegacySummaryExport(DATA).metrics.http_reqs).toEqual({ count: 4, rate: 2 });
  });

  it("leaves the summary data untouched", () => {
    const before = JSON.stringify(DATA);
    toLegacySummaryExport(DATA);
    expect(JSON.stringify(DATA)).toBe(before);
  });
});
