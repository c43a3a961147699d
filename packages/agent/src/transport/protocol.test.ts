import { describe, expect, it } from "vitest";
import { HttpsClient } from "./https-client.js";
import { readAssignment, readCommands } from "./protocol.js";

const assignment = {
  runId: "1",
  instanceId: "2",
  zone: "local",
  segment: "0:1",
  sequence: "0,1",
  archiveSha256: "a".repeat(64),
  env: {},
  aggregationPeriodMs: 1000,
};

describe("reading the API's answers", () => {
  it("accepts an assignment and names the field that is wrong", () => {
    expect(readAssignment("GET /a", assignment)).toEqual(assignment);
    expect(() => readAssignment("GET /a", { ...assignment, segment: 1 })).toThrow(
      'GET /a: field "segment" must be a string, got 1',
    );
    expect(() => readAssignment("GET /a", { ...assignment, archiveSha256: "abc" })).toThrow(/64 hex digits/);
    expect(() => readAssignment("GET /a", null)).toThrow("GET /a: expected a JSON object");
  });

  it("reads commands, keeping unknown types as such so they can be skipped", () => {
    const commands = readCommands("GET /c", {
      commands: [
        { seq: 1, type: "start", atEpochMs: 5 },
        { seq: 2, type: "reticulate-splines" },
        { seq: 3, type: "toString" },
      ],
    });
    expect(commands).toEqual([
      { seq: 1, type: "start", atEpochMs: 5 },
      { seq: 2, type: "unknown", name: "reticulate-splines" },
      { seq: 3, type: "unknown", name: "toString" },
    ]);
    expect(() => readCommands("GET /c", { commands: [{ seq: 1, type: "start" }] })).toThrow(
      'GET /c command 1 (start): field "atEpochMs" must be a number, got undefined',
    );
    expect(() => readCommands("GET /c", { commands: {} })).toThrow('"commands" must be an array');
  });

  it("refuses an API URL that is not https", () => {
    expect(() => new HttpsClient("http://127.0.0.1:1", { ca: "" })).toThrow(/must be https:\/\//);
    expect(() => new HttpsClient("127.0.0.1:1", { ca: "" })).toThrow(/is not a URL|must be https/);
  });
});
