import { describe, expect, it, onTestFinished } from "vitest";
import { runAgent } from "./agent.js";
import { FAST_TUNING, launchAgent, reported } from "./agent-harness.test-helpers.js";
import { makeArchive } from "./archive/archive.test-helpers.js";
import { FakeCoordinator } from "./fake-coordinator.test-helpers.js";
import { recordingLogger } from "./loopback-target.test-helpers.js";

const script = `
export const options = { iterations: 1 };
export default async function () {}
`;

/** A fake coordinator serving the trivial script, closed when the test ends. */
async function startFake(): Promise<FakeCoordinator> {
  const fake = await FakeCoordinator.start(makeArchive({ "test.js": script }));
  onTestFinished(() => fake.close());
  return fake;
}

describe("the agent protocol", () => {
  it("consumes the token at call-home, then makes every request with its client certificate", async () => {
    const fake = await startFake();
    const token = fake.addInstance("i-1", {});
    const agent = launchAgent(fake, "i-1");
    await fake.waitFor("ready", () => reported(fake, "i-1", "ready"));
    fake.command("i-1", { type: "start", atEpochMs: Date.now() });
    await fake.waitFor("finished", () => reported(fake, "i-1", "finished"));
    // The trivial script can finish before the first beat is due; the agent beats until it is stopped.
    await fake.waitFor("a heartbeat", () =>
      fake.requests.some((r) => r.route === "POST /agent/v1/heartbeat"),
    );
    fake.command("i-1", { type: "stop", reason: "run over" });
    await expect(agent.result).resolves.toEqual({ exitCode: 0 });

    expect(fake.instance("i-1").tokenUsed).toBe(true);
    const [callHome, ...rest] = fake.requests;
    expect(callHome?.route).toBe("POST /agent/v1/call-home");
    const routes = new Set(rest.map((r) => r.route));
    for (const route of [
      "GET /agent/v1/assignment",
      "GET /agent/v1/archive",
      "POST /agent/v1/state",
      "GET /agent/v1/commands",
      "POST /agent/v1/metrics",
      "POST /agent/v1/heartbeat",
    ])
      expect(routes).toContain(route);
    expect(rest.every((r) => r.authorized && r.instanceId === "i-1")).toBe(true);

    const second = launchAgent(fake, "i-1", { token });
    await expect(second.result).rejects.toThrow(/call-home .* 401: unknown or already used bootstrap token/);
    expect(fake.requests.filter((r) => r.route === "POST /agent/v1/call-home")).toHaveLength(2);
  });

  it("takes a 4xx as final: a refused poll stops the test and ends the agent with the server's reason", async () => {
    const fake = await startFake();
    fake.addInstance("i-1", {});
    const agent = launchAgent(fake, "i-1");
    await fake.waitFor("ready", () => reported(fake, "i-1", "ready"));
    const polls = () => fake.requests.filter((r) => r.route === "GET /agent/v1/commands").length;
    fake.instances.delete("i-1");
    const pollsBefore = polls();
    await expect(agent.result).rejects.toThrow("403: this certificate does not belong to this run");
    expect(polls() - pollsBefore).toBeLessThanOrEqual(1);
    expect(agent.logger.lines).toContainEqual(
      expect.stringMatching(/^ERROR lost the coordinator, stopping the test: .*403/),
    );
  });

  it("does not send the token to a server its CA did not certify", async () => {
    const fake = await startFake();
    const other = await startFake();
    fake.addInstance("i-1", {});
    const attempt = runAgent({
      apiUrl: fake.url,
      token: fake.instance("i-1").token,
      caCertificatePem: other.caCertificatePem,
      logger: recordingLogger(),
      tuning: FAST_TUNING,
    });
    await expect(attempt).rejects.toThrow(/call-home .* failed: .*(self-signed|verify|issuer)/i);
    expect(fake.requests).toHaveLength(0);
    expect(fake.instance("i-1").tokenUsed).toBe(false);
  });
});
