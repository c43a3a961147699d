import { describe, expect, it } from "vitest";
import { ControlError } from "./control-error.js";
import { parseStatusPatch } from "./status-patch.js";

function body(attributes: unknown): string {
  return JSON.stringify({ data: { type: "status", id: "default", attributes } });
}

describe("parseStatusPatch", () => {
  it("reads the writable attributes and ignores the read-only ones", () => {
    const patch = parseStatusPatch(
      body({ status: 7, paused: true, vus: 3, "vus-max": 10, stopped: false, running: true, tainted: false }),
    );
    expect(patch).toEqual({ paused: true, vus: 3, vusMax: 10, stopped: false });
  });

  it("treats absent and null attributes as not given, like k6's null types", () => {
    expect(parseStatusPatch(body({ paused: null, vus: null, "vus-max": null, stopped: null }))).toEqual({
      stopped: false,
    });
    expect(parseStatusPatch("{}")).toEqual({ stopped: false });
    expect(parseStatusPatch("null")).toEqual({ stopped: false });
    expect(parseStatusPatch('{"data": null}')).toEqual({ stopped: false });
  });

  it.each([
    ["not json", "{", "the body is not valid JSON"],
    ["empty", "", "the body is not valid JSON"],
    ["an array body", "[]", "the body must be a JSON object, got an array"],
    ["a string body", '"status"', 'the body must be a JSON object, got "status"'],
    ["an array as data", '{"data": []}', "data must be a JSON object, got an array"],
    ["a number as attributes", '{"data": {"attributes": 1}}', "data.attributes must be a JSON object, got 1"],
    [
      "a string for paused",
      body({ paused: "yes" }),
      'data.attributes["paused"] must be a boolean or null, got "yes"',
    ],
    [
      "a fraction for vus",
      body({ vus: 1.5 }),
      'data.attributes["vus"] must be a whole number or null, got 1.5',
    ],
    ["a string for vus-max", body({ "vus-max": "10" }), 'data.attributes["vus-max"] must be a whole number'],
    [
      "a number for stopped",
      body({ stopped: 1 }),
      'data.attributes["stopped"] must be a boolean or null, got 1',
    ],
  ])("refuses %s with a 400 Invalid data", (_case, text, detail) => {
    let thrown: unknown;
    try {
      parseStatusPatch(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ControlError);
    expect(thrown).toMatchObject({ status: 400, title: "Invalid data" });
    expect((thrown as ControlError).detail).toContain(detail);
  });
});
