/**
 * The web app end to end, in Debian's Chromium, against the real platform started as `npm start`
 * starts it and the example target: sign-in, a validation error at its line, "Save and run" of an
 * example with its live charts (and how soon they show the first metrics), zoom, the stop button,
 * and comparison with the previous run and the baseline. Each test leaves a screenshot in
 * artifacts/.
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
    await page.getByTestId("zones-page").waitFor();
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

    // The stages as they happen, then the charts fed by the subscription.
    await page.locator("[data-testid=stages] [data-state=active]").first().waitFor();
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
});
