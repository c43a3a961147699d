import { describe, expect, it } from "vitest";
import { chooseHdrMode, type HdrServerFacts } from "./mode.js";

const facts = (overrides: Partial<HdrServerFacts>): HdrServerFacts => ({
  installedVersion: null,
  availableVersion: "1.0",
  trusted: true,
  superuser: false,
  canCreate: false,
  ...overrides,
});

describe("chooseHdrMode", () => {
  it("uses the extension once it is created, whatever the role may do", () => {
    expect(chooseHdrMode(facts({ installedVersion: "1.0", availableVersion: null }))).toBe("extension");
  });

  it("uses the extension when a superuser or a role with CREATE on a trusted one can create it", () => {
    expect(chooseHdrMode(facts({ superuser: true, trusted: false }))).toBe("extension");
    expect(chooseHdrMode(facts({ canCreate: true }))).toBe("extension");
  });

  it("falls back to SQL when the server lacks the extension or the role may not create it", () => {
    expect(chooseHdrMode(facts({ availableVersion: null, superuser: true }))).toBe("sql");
    expect(chooseHdrMode(facts({}))).toBe("sql");
    expect(chooseHdrMode(facts({ canCreate: true, trusted: false }))).toBe("sql");
  });
});
