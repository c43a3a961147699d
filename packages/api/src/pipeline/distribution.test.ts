import { ScriptError } from "@barrage/runner";
import { describe, expect, it } from "vitest";
import { parseDistribution } from "./distribution.js";

describe("parseDistribution", () => {
  it("runs a test without a distribution all in the local zone", () => {
    expect(parseDistribution(undefined)).toEqual([{ label: "default", loadZone: "local", percent: 100 }]);
    expect(parseDistribution({ name: "checkout" })).toEqual([
      { label: "default", loadZone: "local", percent: 100 },
    ]);
  });

  it("reads k6 Cloud's form in order", () => {
    expect(
      parseDistribution({
        distribution: { eu: { loadZone: "local", percent: 70 }, us: { loadZone: "aws-us", percent: 30 } },
      }),
    ).toEqual([
      { label: "eu", loadZone: "local", percent: 70 },
      { label: "us", loadZone: "aws-us", percent: 30 },
    ]);
  });

  it.each([
    [[], "options.cloud.distribution: must be an object"],
    [{}, "options.cloud.distribution: lists no load zone"],
    [{ a: { percent: 100 } }, "options.cloud.distribution.a.loadZone: must name a load zone"],
    [
      { a: { loadZone: "local", percent: 99.5 } },
      "options.cloud.distribution.a.percent: must be a whole number from 1 to 100, not 99.5",
    ],
    [
      { a: { loadZone: "local", percent: 0 } },
      "options.cloud.distribution.a.percent: must be a whole number from 1 to 100, not 0",
    ],
    [
      { a: { loadZone: "local", percent: 50 }, b: { loadZone: "local", percent: 50 } },
      'options.cloud.distribution.b.loadZone: zone "local" is listed twice',
    ],
    [{ a: { loadZone: "local", percent: 50 } }, "options.cloud.distribution: the percents add up to 50"],
  ])("refuses %j naming the option", (distribution, message) => {
    const error = (() => {
      try {
        parseDistribution({ distribution });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ScriptError);
    expect((error as ScriptError).message).toContain(message);
  });
});
