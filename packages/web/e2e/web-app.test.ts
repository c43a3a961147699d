/**
 * The web app end to end, in Debian's Chromium, against the real platform started as `npm start`
 * starts it and the example target: sign-in, a validation error at its line, "Save and run" of an
 * example with its live charts (and how soon they show the first metrics), zoom, the stop button,
 * comparison with the previous run and the baseline, the stages as the API reports them (starting,
 * running), an insight's series, "Save" without running, and the load zones page. Each test leaves
 * a screenshot in artifacts/.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLES, type Harness, openPage, screenshot, signIn, startHarness } from "./harness.js";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

// A failed test leaves a screenshot of where it stood; no test's browser state outlives it.
beforeEach((context) => {
  context.onTestFailed(async () => {
    const pages = harness.browser.contexts().flatMap((c) => c.pages());
    const name = context.task.name.slice(0, 40).replaceAll(/\W+/g, "-");
    for (const [i, page] of pages.entries()) await screenshot(page, `failed-${name}-${i}`).catch(() => {});
  });
});

afterEach(async () => {
  for (const browserContext of harness.browser.contexts()) await browserContext.close();
});

const example = (name: string) => readFileSync(join(EXAMPLES, name), "utf8");

/** Replaces the editor's document, as a person pasting a script would. */
async function pasteScript(page: Page, script: string) {
  const editor = page.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(script);
}

/** In the default project: New load test, its name, the script and BASE_URL, then "Save and run". */
async function newTestAndRun(page: Page, name: string, script: string) {
  await page.getByRole("link", { name: "default" }).click();
  await page.getByRole("link", { name: "New load test" }).click();
  await page.getByLabel("Load test name").fill(name);
  await pasteScript(page, script);
  await page.locator("textarea[name=env]").fill(`BASE_URL=${harness.targetUrl}`);
  await page.getByRole("button", { name: "Save and run" }).click();
}

/** One GraphQL operation with the harness's ADMIN token, outside the browser; throws on errors. */
async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(harness.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${harness.token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * The text of the stage shown as `state` (a data-state), as soon as one is; read in the page in one
 * go, since the stage may move on between two reads.
 */
async function stageText(page: Page, stage: string, state: string, timeout = 90_000): Promise<string> {
  const handle = await page.waitForFunction(
    ([key, wanted]) =>
      document.querySelector(`[data-testid=stages] [data-stage=${key}][data-state=${wanted}]`)?.textContent ||
      false,
    [stage, state] as const,
    { timeout, polling: 100 },
  );
  return String(await handle.jsonValue());
}

/** When the API first answers any point of the run's request series, polling every 100 ms (epoch ms). */
async function firstMetricsAvailableAt(runId: string): Promise<number> {
  const query = `query ($id: ID!) { testRun(id: $id) { timeSeries(metric: "http_reqs") { points { time } } } }`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const response = await fetch(harness.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${harness.token}` },
      body: JSON.stringify({ query, variables: { id: runId } }),
    });
    const body = (await response.json()) as { data?: { testRun?: { timeSeries: { points: unknown[] } } } };
    if ((body.data?.testRun?.timeSeries.points.length ?? 0) > 0) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} had no metrics in the API within 90 s`);
}

const runStatus = (page: Page, status: string) => page.locator(`h1 [data-status="${status}"]`);

/** The number of x values the request-rate chart shows. */
const chartPoints = (page: Page) =>
  page
    .locator("[data-testid=chart-request-rate] .chart-canvas")
    .evaluate((el) => Number((el as HTMLElement).dataset.points ?? 0));

describe("the web app", () => {
  it("signs in with an API token, and says why a wrong one is refused", async () => {
    const { context, page } = await openPage(harness);
    await page.goto("/");
    await page.getByLabel("API token").fill("brg_not-a-real-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Not signed in" }).waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("UNAUTHENTICATED");
    await screenshot(page, "01-sign-in-refused");

    await page.getByLabel("API token").fill(harness.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "default" }).waitFor();
    expect(await page.getByTestId("organization").textContent()).toBe("default");
    await page.getByTestId("projects").getByRole("link", { name: "default" }).waitFor();
    await screenshot(page, "02-projects");

    // The session survives a reload, and a deep link is served by the platform (SPA fallback).
    await page.goto("/zones");
    await page.locator("[data-testid=zones-page] [data-zone=local]").waitFor();
    await context.close();
  });

  it("shows a validation error at its line in the editor", async () => {
    const { context, page } = await openPage(harness);
    await signIn(page, harness.token);
    const broken =
      'import http from "k6/http";\nexport const options = { vus: 1, duration: "1s" };\nnotDefinedAnywhere();\nexport default async function () {}\n';
    await newTestAndRun(page, "broken", broken);
    const errors = page.getByTestId("validation-errors");
    await errors.waitFor({ timeout: 60_000 });
    expect(await errors.textContent()).toMatch(/Line 3, column \d+: .*notDefinedAnywhere/);
    // The diagnostic is in the editor: underlined text on line 3 and a marker in the gutter.
    const underlined = page.locator(".cm-lintRange-error");
    await underlined.first().waitFor();
    expect(await underlined.first().textContent()).toContain("notDefinedAnywhere");
    expect(await page.locator(".cm-lint-marker-error").count()).toBeGreaterThan(0);
    await screenshot(page, "03-validation-error");

    // The run's page tells the same: the stage it failed in, the reason, the script at the line.
    await page.getByRole("link", { name: "See the run" }).click();
    const failed = page.locator("[data-testid=stages] [data-stage=validating][data-state=failed]");
    await failed.waitFor();
    expect(await failed.textContent()).toContain("notDefinedAnywhere is not defined");
    await page.locator(".cm-lintRange-error").first().waitFor();
    await context.close();
  });

  it("saves and runs an example and shows its live charts within 2 s of the first metrics", async () => {
    const { context, page } = await openPage(harness);
    await signIn(page, harness.token);
    await newTestAndRun(page, "constant-vus", example("constant-vus.js"));
    await page.waitForURL(/\/runs\//, { timeout: 60_000 });
    const runId = decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
    // Meanwhile, from outside the browser: when the API first has the run's metrics.
    const available = firstMetricsAvailableAt(runId);

    // The stages as they happen (the API's: running while the load runs), then the charts fed by
    // the subscription.
    await page.locator("[data-testid=stages] [data-state=active]").first().waitFor();
    expect(await stageText(page, "running", "active")).toContain("Running");
    const canvas = page.locator("[data-testid=chart-request-rate] .chart-canvas[data-first-drawn-at]");
    await canvas.waitFor({ timeout: 90_000 });
    const drawnAt = Number(await canvas.getAttribute("data-first-drawn-at"));
    const firstBucket = Number(await page.locator(".charts").getAttribute("data-first-point-at"));
    const availableAt = await available;
    const fromApi = drawnAt - availableAt;
    // The first bucket covers [t, t+1 s): agents deliver it once it closes.
    const fromBucketEnd = drawnAt - (firstBucket + 1000);
    console.log(
      `live chart latency: the first metrics were drawn ${fromApi} ms after the API first answered them ` +
        `(polled every 100 ms), ${fromBucketEnd} ms after their 1-second bucket closed`,
    );
    expect(fromApi).toBeLessThan(2000);
    expect(fromBucketEnd).toBeLessThan(2000);

    // More points arrive while it runs.
    const before = await chartPoints(page);
    await page.waitForFunction(
      (n) =>
        Number(
          document.querySelector<HTMLElement>("[data-testid=chart-request-rate] .chart-canvas")?.dataset
            .points,
        ) > n,
      before,
      { timeout: 30_000 },
    );
    await screenshot(page, "04-run-live");

    await runStatus(page, "FINISHED").waitFor({ timeout: 90_000 });
    await page.locator("[data-testid=stages] [data-stage=finishing][data-state=done]").waitFor();
    await page.locator("[data-testid=thresholds] li[data-ok=true]").first().waitFor();
    await page
      .getByTestId("urls")
      .getByRole("cell", { name: /\/random/ })
      .first()
      .waitFor();

    // Zoom: drag across the response time chart; the range's percentiles are queried.
    const over = page.locator("[data-testid=chart-response-time] .u-over");
    const box = await over.boundingBox();
    if (!box) throw new Error("the response time chart has no plot area");
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId("range-percentiles").locator("dt", { hasText: "p95" }).waitFor();
    await screenshot(page, "05-run-finished-zoomed");

    // The same page on a phone.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Reset zoom" }).click();
    await screenshot(page, "06-run-phone");
    await context.close();
  });

  it("stops a running run with the stop button", async () => {
    const { context, page } = await openPage(harness);
    await signIn(page, harness.token);
    const long = example("constant-vus.js").replace('duration: "3s"', 'duration: "60s"');
    await newTestAndRun(page, "constant-vus long", long);
    await page.waitForURL(/\/runs\//, { timeout: 60_000 });
    await page
      .locator("[data-testid=chart-vus] .chart-canvas[data-first-drawn-at]")
      .waitFor({ timeout: 90_000 });
    await page.getByRole("button", { name: "Stop run" }).click();
    await runStatus(page, "ABORTED_BY_USER").waitFor({ timeout: 60_000 });
    const failed = page.locator("[data-testid=stages] [data-state=failed]");
    expect(await failed.textContent()).toContain("Stopped by a user");
    expect(await page.getByRole("button", { name: "Stop run" }).count()).toBe(0);
    await screenshot(page, "07-run-stopped");
    await context.close();
  });

  it("compares a run with the previous one and with the baseline", async () => {
    const { context, page } = await openPage(harness);
    await signIn(page, harness.token);
    // The second run of "constant-vus", from its Script tab (the last script and env, preloaded).
    await page.getByRole("link", { name: "default" }).click();
    await page.getByRole("link", { name: "constant-vus", exact: true }).click();
    const firstRun = page.getByTestId("runs").getByRole("link").first();
    const firstRunPath = await firstRun.getAttribute("href");
    await page.getByRole("link", { name: "Script" }).click();
    await page.locator(".cm-content").waitFor();
    expect(await page.locator("textarea[name=env]").inputValue()).toBe(`BASE_URL=${harness.targetUrl}`);
    await page.getByRole("button", { name: "Save and run" }).click();
    await page.waitForURL(/\/runs\//, { timeout: 60_000 });
    expect(new URL(page.url()).pathname).not.toBe(firstRunPath);
    await runStatus(page, "FINISHED").waitFor({ timeout: 120_000 });

    await page.locator("select[name=compare]").selectOption("PREVIOUS");
    const table = page.getByTestId("comparison-table");
    await table.waitFor();
    expect(await table.getByRole("row").count()).toBeGreaterThan(1);
    expect(await table.textContent()).toContain("All requests");
    // The previous run is overlaid, dashed, on the same charts.
    await page.locator("[data-testid=chart-response-time] .u-legend", { hasText: "(base)" }).waitFor();
    await screenshot(page, "08-compare-previous");

    // Make the first run the baseline, then compare with it.
    await page.goto(firstRunPath ?? "/");
    await page.getByRole("button", { name: "Set as baseline" }).click();
    await page.getByRole("button", { name: "Clear baseline" }).waitFor();
    await page.goBack();
    await runStatus(page, "FINISHED").waitFor();
    await page.locator("select[name=compare]").selectOption("BASELINE");
    await table.waitFor();
    expect(await table.getByRole("row").count()).toBeGreaterThan(1);
    await screenshot(page, "09-compare-baseline");

    // The test's runs: status, duration, VUs, p95, result, the baseline marked, the trend.
    await page.locator(".eyebrow").getByRole("link", { name: "constant-vus", exact: true }).click();
    const runs = page.getByTestId("runs");
    await runs.waitFor();
    expect(await runs.locator("tbody tr").count()).toBe(2);
    expect(await runs.textContent()).toContain("baseline");
    expect(await runs.locator('[data-result="PASSED"]').count()).toBe(2);
    await screenshot(page, "10-load-test-runs");
    await context.close();
  });

  it("shows the stage the API reports while starting and running, and an insight's series", async () => {
    const { context, page } = await openPage(harness);
    await signIn(page, harness.token);
    // A 3 s setup() keeps the run starting long enough to be seen, whatever the page's poll phase.
    const script = `${example("insights/high-failure-rate.js")}\nexport async function setup() {\n  await sleep(3);\n}\n`;
    await newTestAndRun(page, "high failure rate", script);
    await page.waitForURL(/\/runs\//, { timeout: 60_000 });

    const starting = await stageText(page, "starting", "active");
    // What it waits for, from stageDetail: agents getting ready, or setup() and the common start.
    expect(starting).toMatch(/Starting\s*now\s*(.*agents.*|setup\(\).*)/);
    expect(await page.locator("[data-stage=allocating]").getAttribute("data-state")).toBe("done");
    await screenshot(page, "11-run-starting");
    expect(await stageText(page, "running", "active")).toContain("Running");
    await runStatus(page, "FINISHED").waitFor({ timeout: 120_000 });
    await page.locator("[data-testid=stages] [data-stage=finishing][data-state=done]").waitFor();

    // The insight: severity, title, explanation, time range; "Show series" zooms and charts it.
    const insight = page.locator("[data-testid=insights] [data-insight=http_load_high_http_failure_rate]");
    await insight.waitFor({ timeout: 30_000 });
    expect(await insight.locator("[data-severity]").textContent()).toMatch(/critical|warning/);
    expect(await insight.textContent()).toMatch(/\d:\d\d–\d:\d\d into the run/);
    expect(await insight.locator("p").textContent()).not.toBe("");
    await insight.getByRole("button", { name: /^Show series/ }).click();
    const series = page.locator("[data-testid=insight-series][data-metric=http_req_failed]");
    await series.waitFor();
    await page.waitForFunction(
      () =>
        Number(
          document.querySelector<HTMLElement>("[data-testid=chart-insight-series] .chart-canvas")?.dataset
            .points,
        ) > 0,
    );
    expect(await page.locator(".chart-status").textContent()).toMatch(/Showing \d:\d\d–\d:\d\d/);
    await page.getByTestId("range-percentiles").waitFor();
    await screenshot(page, "12-insight-series");
    await context.close();
  });

  it("saves a script as a new version without running it, and opens the test with it", async () => {
    const { context, page } = await openPage(harness);
    await signIn(page, harness.token);
    await page.getByRole("link", { name: "default" }).click();
    await page.getByRole("link", { name: "New load test" }).click();
    await page.getByLabel("Load test name").fill("saved only");
    await pasteScript(page, example("constant-vus.js"));
    await page.getByRole("button", { name: "Save", exact: true }).click();
    // Saved, the test opens at its Script tab with the version just stored.
    await page.waitForURL(/\/tests\/[^/]+\/script$/);
    expect(await page.getByTestId("script-version").textContent()).toContain("Script version 1,");

    await pasteScript(page, `${example("constant-vus.js")}// second version\n`);
    await page.getByTestId("save-status").filter({ hasText: "Unsaved changes." }).waitFor();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page
      .getByTestId("save-status")
      .filter({ hasText: /^Saved as version 2 at / })
      .waitFor();
    await screenshot(page, "13-script-saved");

    // The platform has both versions, newest first, and no run.
    const loadTestId = decodeURIComponent(new URL(page.url()).pathname.split("/")[2] ?? "");
    const { loadTest } = await graphql<{
      loadTest: {
        scriptVersions: { edges: { node: { version: number; script: string } }[] };
        runs: { edges: unknown[] };
      };
    }>(
      `query ($id: ID!) { loadTest(id: $id) {
        scriptVersions { edges { node { version script } } } runs { edges { node { id } } } } }`,
      { id: loadTestId },
    );
    expect(loadTest.scriptVersions.edges.map((e) => e.node.version)).toEqual([2, 1]);
    expect(loadTest.scriptVersions.edges[0]?.node.script).toContain("// second version");
    expect(loadTest.runs.edges).toEqual([]);

    // Opened again, the editor holds the latest version.
    await page.reload();
    await page.locator(".cm-content", { hasText: "// second version" }).waitFor();
    expect(await page.getByTestId("script-version").textContent()).toContain("Script version 2,");
    await context.close();
  });

  it("lists the load zones, and creates a private zone showing its enrolment command once", async () => {
    const { context, page } = await openPage(harness);
    await signIn(page, harness.token);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Load zones" }).click();
    const local = page.locator("[data-testid=zone][data-zone=local]");
    await local.waitFor();
    expect(await local.textContent()).toContain("built in");

    await page.getByLabel("Zone name").fill("office");
    await page.getByLabel("VUs per agent").fill("50");
    await page.locator("input[name=zone-labels]").fill("site=berlin");
    await page.getByRole("button", { name: "Create private zone" }).click();
    const command = page.getByTestId("agent-command");
    await command.waitFor();
    const token = await page.locator("input[name=enrolment-token]").inputValue();
    expect(token).toMatch(/^brz_/);
    // The API does not say where the agent port is: the page's guess is the default port on its host.
    const host = new URL(harness.webUrl).hostname;
    expect(await command.textContent()).toBe(
      `barrage agent --zone office --token ${token} --api https://${host}:4443`,
    );
    const office = page.locator("[data-testid=zone][data-zone=office]");
    await office.waitFor();
    expect(await office.textContent()).toContain("no agents enrolled yet");
    expect(await office.getByTestId("enrolment-token-info").textContent()).toContain("in force since");
    await screenshot(page, "14-zones-token");

    // Shown once: gone when dismissed, and nowhere on the page after a reload.
    await page.getByRole("button", { name: "Done: forget the token" }).click();
    expect(await page.getByTestId("enrolment-token").count()).toBe(0);
    await page.reload();
    await office.waitFor();
    expect(await page.content()).not.toContain(token);

    // Revoking the token takes two presses; no agent can enrol after it.
    await office.getByRole("button", { name: "Revoke token" }).click();
    await office.getByRole("button", { name: "Revoke the token: no new agents" }).click();
    await office
      .getByTestId("enrolment-token-info")
      .filter({ hasText: "No enrolment token in force" })
      .waitFor();
    const { loadZones } = await graphql<{
      loadZones: { name: string; provider: string; enrolmentToken: unknown; labels: unknown[] }[];
    }>("{ loadZones { name provider enrolmentToken { prefix } labels { name value } } }");
    expect(loadZones.find((z) => z.name === "office")).toEqual({
      name: "office",
      provider: "PRIVATE",
      enrolmentToken: null,
      labels: [{ name: "site", value: "berlin" }],
    });
    expect(loadZones.find((z) => z.name === "local")?.provider).toBe("LOCAL");
    await context.close();
  });
});
