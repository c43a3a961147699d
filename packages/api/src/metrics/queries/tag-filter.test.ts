import { describe, expect, it } from "vitest";
import { filterTags } from "./tag-filter.js";

describe("filterTags", () => {
  it("maps the named filters to their tags, zone to load_zone, beside any other tag", () => {
    expect(
      filterTags({
        zone: "eu",
        scenario: "s",
        name: "n",
        status: "200",
        group: "::g",
        check: "c",
        tags: { method: "GET" },
      }),
    ).toEqual({
      load_zone: "eu",
      scenario: "s",
      name: "n",
      status: "200",
      group: "::g",
      check: "c",
      method: "GET",
    });
    expect(filterTags()).toEqual({});
  });

  it("refuses two values for one tag", () => {
    expect(() => filterTags({ zone: "eu", tags: { load_zone: "us" } })).toThrow(
      /load_zone "eu" \(as zone\) and "us"/,
    );
    expect(filterTags({ zone: "eu", tags: { load_zone: "eu" } })).toEqual({ load_zone: "eu" });
  });
});
