import { EventEmitter, on } from "node:events";
import { describe, expect, it } from "vitest";
import type { RunStatus } from "../runs/status.js";
import { runStatusStream } from "./run-status-stream.js";

function setUp(initial: RunStatus) {
  const emitter = new EventEmitter();
  let current: RunStatus = initial;
  const changes = on(emitter, "change");
  const stream = runStatusStream({ status: initial }, async () => ({ status: current }), changes);
  const change = (status: RunStatus) => {
    current = status;
    emitter.emit("change");
  };
  return { stream, change, emitter };
}

describe("runStatusStream", () => {
  it("sends the current run, then only status changes, and ends after a terminal status", async () => {
    const { stream, change } = setUp("CREATED");
    expect(await stream.next()).toEqual({ done: false, value: { status: "CREATED" } });
    const next = stream.next();
    change("CREATED"); // a wake-up without a change is not sent
    change("VALIDATED");
    expect(await next).toEqual({ done: false, value: { status: "VALIDATED" } });
    change("ABORTED_BY_USER");
    expect(await stream.next()).toEqual({ done: false, value: { status: "ABORTED_BY_USER" } });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it("ends at once for a run that has already ended", async () => {
    const { stream, emitter } = setUp("FINISHED");
    expect(await stream.next()).toEqual({ done: false, value: { status: "FINISHED" } });
    expect(await stream.next()).toMatchObject({ done: true });
    expect(emitter.listenerCount("change")).toBe(0);
  });

  it("stops listening when returned, even while waiting for a change", async () => {
    const { stream, emitter } = setUp("RUNNING");
    await stream.next();
    const waiting = stream.next();
    await stream.return?.();
    expect(await waiting).toMatchObject({ done: true });
    expect(emitter.listenerCount("change")).toBe(0);
  });
});
