import { describe, expect, it } from "vitest";
import { launchAgent, reported, startRun } from "./agent-harness.test-helpers.js";

/** 10 shared iterations; setup() fetches a token once, every iteration and teardown() present it. */
const script = `
import http from "k6/http";
export const options = { scenarios: { main: { executor: "shared-iterations", vus: 2, iterations: 10 } } };
export async function setup() {
  await http.get(__ENV.TARGET + "/setup");
  return { token: "tok-" + __ENV.SETUP_SECRET };
}
export default async function (data) {
  await http.get(__ENV.TARGET + "/hit?token=" + (data ? data.token : "none") + "&agent=" + __ENV.AGENT);
}
export async function teardown(data) {
  await http.get(__ENV.TARGET + "/teardown?token=" + data.token);
}
`;

describe("two agents coordinated as one test", () => {
  it("split the iterations by segment, share one setup() and run teardown() once", async () => {
    const { target, fake } = await startRun(script);
    const sequence = "0,1/2,1";
    const env = { TARGET: target.url, SETUP_SECRET: "s3cret" };
    fake.addInstance("a", { segment: "0:1/2", sequence, env: { ...env, AGENT: "a" } });
    fake.addInstance("b", { segment: "1/2:1", sequence, env: { ...env, AGENT: "b" } });
    const agents = [launchAgent(fake, "a"), launchAgent(fake, "b")];
    await fake.waitFor("both ready", () => reported(fake, "a", "ready") && reported(fake, "b", "ready"));
    expect(fake.instance("a").states[0]).toMatchObject({ vus: 1 });

    fake.command("a", { type: "run-setup" });
    await fake.waitFor("setup result", () => fake.instance("a").setupResults.length === 1);
    const [setupResult] = fake.instance("a").setupResults;
    expect(setupResult).toEqual({ data: { token: "tok-s3cret" } });
    for (const id of ["a", "b"])
      fake.command(id, { type: "set-setup-data", data: (setupResult as { data: unknown }).data });
    const atEpochMs = Date.now() + 300;
    for (const id of ["a", "b"]) fake.command(id, { type: "start", atEpochMs });
    await fake.waitFor(
      "both finished",
      () => reported(fake, "a", "finished") && reported(fake, "b", "finished"),
    );

    const hits = target.hits.filter((h) => h.path === "/hit");
    expect(hits).toHaveLength(10);
    expect(hits.filter((h) => h.query.get("agent") === "a")).toHaveLength(5);
    expect(hits.every((h) => h.query.get("token") === "tok-s3cret")).toBe(true);
    expect(target.hits.filter((h) => h.path === "/setup")).toHaveLength(1);
    expect(target.hits.filter((h) => h.path === "/teardown")).toHaveLength(0);

    fake.command("a", { type: "run-teardown" });
    fake.command("b", { type: "stop", reason: "released" });
    await expect(Promise.all(agents.map((a) => a.result))).resolves.toEqual([
      { exitCode: 0 },
      { exitCode: 0 },
    ]);
    const teardowns = target.hits.filter((h) => h.path === "/teardown");
    expect(teardowns.map((h) => h.query.get("token"))).toEqual(["tok-s3cret"]);
    expect(fake.instance("a").states.at(-1)).toMatchObject({
      state: "finished",
      detail: "teardown finished",
    });
    for (const id of ["a", "b"])
      expect(fake.instance(id).states.find((s) => s.state === "finished")).toMatchObject({
        exitCode: 0,
        iterations: 5,
      });
  });
});
