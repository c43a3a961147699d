import { describe, expect, it } from "vitest";
import { memoryStorage } from "../session/memory-storage.test-helpers.js";
import { clearDraft, formatEnv, initialEnv, loadDraft, parseEnv, saveDraft } from "./drafts.js";

describe("drafts", () => {
  it("keeps a draft per project and test name until it is cleared", () => {
    const storage = memoryStorage();
    const draft = { env: [{ name: "A", value: "1" }], savedAt: "2025-11-28T09:30:00.000Z" };
    saveDraft(storage, "p1", "checkout", draft);
    expect(loadDraft(storage, "p1", "checkout")).toEqual(draft);
    expect(loadDraft(storage, "p1", "login")).toBeUndefined();
    expect(loadDraft(storage, "p2", "checkout")).toBeUndefined();
    clearDraft(storage, "p1", "checkout");
    expect(loadDraft(storage, "p1", "checkout")).toBeUndefined();
  });

  it("ignores a damaged draft", () => {
    const storage = memoryStorage();
    storage.setItem("barrage.draft:p1:x", "{");
    expect(loadDraft(storage, "p1", "x")).toBeUndefined();
    storage.setItem("barrage.draft:p1:y", JSON.stringify({ script: "only a script, from an older app" }));
    expect(loadDraft(storage, "p1", "y")).toBeUndefined();
  });

  it("starts with the environment saved here only when it is newer than the last run's", () => {
    const saved = { env: [{ name: "A", value: "saved" }], savedAt: "2025-11-28T09:30:00.000Z" };
    const runEnv = [{ name: "A", value: "ran" }];
    expect(initialEnv(saved, runEnv, "2025-11-28T09:00:00.000Z")).toBe(saved.env);
    expect(initialEnv(saved, runEnv, undefined)).toBe(saved.env);
    expect(initialEnv(saved, runEnv, "2025-11-28T10:00:00.000Z")).toBe(runEnv);
    expect(initialEnv(undefined, runEnv, undefined)).toBe(runEnv);
  });
});

describe("parseEnv", () => {
  it("reads NAME=value lines, keeping = inside values, skipping blanks and comments", () => {
    expect(parseEnv("BASE_URL=http://127.0.0.1:3000/?a=b\n\n# note\n  TOKEN = x ")).toEqual({
      env: [
        { name: "BASE_URL", value: "http://127.0.0.1:3000/?a=b" },
        { name: "TOKEN", value: " x" },
      ],
      problems: [],
    });
  });

  it("says which line is wrong and why", () => {
    expect(parseEnv("JUSTANAME\n1X=2\nA=1\nA=2").problems).toEqual([
      "line 1: write NAME=value",
      "line 2: 1X must be letters, digits and _",
      "line 4: A is set twice",
    ]);
  });

  it("writes back what it reads", () => {
    const env = [
      { name: "A", value: "1" },
      { name: "B", value: "x=y" },
    ];
    expect(parseEnv(formatEnv(env)).env).toEqual(env);
  });
});
