import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { ComparisonRow } from "../cloud/compare-runs.js";
import {
  type FakeAnswer,
  type ReceivedRequest,
  startFakeGraphql,
} from "../cloud/fake-graphql.test-helpers.js";
import { runsCompareCommand } from "./runs.js";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

const RUN = "VGVzdFJ1bjo3";
const BASE = "VGVzdFJ1bjoy";

const row = (
  figure: ComparisonRow["figure"],
  url: string | null,
  baseValue: number | null,
  value: number | null,
  significant = false,
): ComparisonRow => {
  const difference = value !== null && baseValue !== null ? value - baseValue : null;
  return {
    figure,
    url,
    value,
    baseValue,
    difference,
    relativeDifference: difference !== null && baseValue ? difference / baseValue : null,
    significant,
  };
};

/** The API's rows: overall p95 doubled (significant), a URL only the run has, a failure rate up 2 points. */
const ROWS: ComparisonRow[] = [
  row("P95", null, 20.14, 40.31, true),
  row("REQUEST_RATE", null, 100, 99.5),
  row("FAILURE_RATE", null, 0.01, 0.03, true),
  row("P95", "/api/items/:id", null, 12.5),
];

async function compare(answer: (request: ReceivedRequest) => FakeAnswer | undefined, args = [RUN, BASE]) {
  const server = await startFakeGraphql(answer);
  servers.push(server);
  const dir = await mkdtemp(path.join(tmpdir(), "barrage-runs-"));
  const stdout = capture();
  const stderr = capture();
  const code = await runsCompareCommand(
    args[0] as string,
    args[1] as string,
    {},
    {
      env: { XDG_CONFIG_HOME: dir, BARRAGE_API: server.url, BARRAGE_TOKEN: "brg_test" },
      stdout: stdout.stream,
      stderr: stderr.stream,
    },
  );
  return { code, stdout: stdout.text(), stderr: stderr.text(), received: server.received };
}

describe("barrage runs compare", () => {
  it("prints the API's comparison as an aligned table with units, Δ, Δ% and the significant ones marked", async () => {
    const { code, stdout, stderr, received } = await compare(() => ({
      data: { compareRuns: { run: { id: RUN }, base: { id: BASE }, rows: ROWS } },
    }));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(received[0]?.variables).toEqual({ runId: RUN, baseRunId: BASE });
    expect(received[0]?.query).toContain("compareRuns(runId: $runId, baseRunId: $baseRunId)");
    expect(received[0]?.authorization).toBe("Bearer brg_test");
    expect(stdout).toBe(
      [
        `  run ${RUN} against base run ${BASE}`,
        "",
        "  figure        url                base      run         Δ       Δ%",
        "  p95           (all)           20.1 ms  40.3 ms  +20.2 ms  +100.1%  *",
        "  request rate  (all)           100.0/s   99.5/s    -0.5/s    -0.5%",
        "  failure rate  (all)             1.00%    3.00%  +2.00 pp  +200.0%  *",
        "  p95           /api/items/:id        -  12.5 ms         -        -",
        "",
        "  * significant: a difference beyond chance at the 1% level",
        "",
      ].join("\n"),
    );
  });

  it("says so when neither run made requests", async () => {
    const { code, stdout } = await compare(() => ({
      data: { compareRuns: { run: { id: RUN }, base: { id: BASE }, rows: [] } },
    }));
    expect(code).toBe(0);
    expect(stdout).toContain("neither run made HTTP requests: nothing to compare");
  });

  it("exits 1 with the API's reason for an id it does not know", async () => {
    const { code, stdout, stderr } = await compare(
      () => ({
        errors: [
          { message: '"nope" is not an id this API gave out', extensions: { code: "BAD_USER_INPUT" } },
        ],
      }),
      ["nope", BASE],
    );
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`cannot compare run nope with ${BASE}: "nope" is not an id this API gave out\n`);
  });

  it("exits 1 naming the API it cannot reach, and asks for a login without a token", async () => {
    const stderr = capture();
    const dir = await mkdtemp(path.join(tmpdir(), "barrage-runs-"));
    const unreachable = await runsCompareCommand(
      RUN,
      BASE,
      { api: "http://127.0.0.1:9" },
      {
        env: { XDG_CONFIG_HOME: dir, BARRAGE_TOKEN: "brg_test" },
        stdout: capture().stream,
        stderr: stderr.stream,
      },
    );
    expect(unreachable).toBe(1);
    expect(stderr.text()).toMatch(
      /^cannot compare run .* cannot reach the API at http:\/\/127\.0\.0\.1:9\/graphql/,
    );
    const noLogin = capture();
    const code = await runsCompareCommand(
      RUN,
      BASE,
      {},
      {
        env: { XDG_CONFIG_HOME: dir },
        stdout: capture().stream,
        stderr: noLogin.stream,
      },
    );
    expect(code).toBe(1);
    expect(noLogin.text()).toContain("barrage login");
  });
});
