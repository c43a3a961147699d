import { describe, expect, it } from "vitest";
import { memoryStorage } from "./memory-storage.test-helpers.js";
import { clearSession, DEFAULT_ENDPOINT, loadSession, saveSession, tokenProblem } from "./session.js";

describe("tokenProblem", () => {
  it("accepts an API token and says what is wrong with anything else", () => {
    expect(tokenProblem("brg_AbC-d_9")).toBeUndefined();
    expect(tokenProblem("  brg_abc \n")).toBeUndefined();
    expect(tokenProblem("")).toMatch(/Paste the API token/);
    expect(tokenProblem("Bearer brg_abc")).toMatch(/without the word Bearer/);
    expect(tokenProblem("abc")).toMatch(/starts with brg_/);
    expect(tokenProblem('brg_abc"')).toMatch(/only letters/);
  });
});

describe("the stored session", () => {
  it("keeps the endpoint and the trimmed token, and forgets them on sign-out", () => {
    const storage = memoryStorage();
    expect(loadSession(storage)).toBeUndefined();
    saveSession(storage, { endpoint: "http://127.0.0.1:4000/graphql", token: " brg_abc " });
    expect(loadSession(storage)).toEqual({ endpoint: "http://127.0.0.1:4000/graphql", token: "brg_abc" });
    clearSession(storage);
    expect(loadSession(storage)).toBeUndefined();
  });

  it("ignores a damaged entry and falls back to the app's own endpoint", () => {
    const storage = memoryStorage();
    storage.setItem("barrage.session", "{not json");
    expect(loadSession(storage)).toBeUndefined();
    storage.setItem("barrage.session", JSON.stringify({ token: "brg_x" }));
    expect(loadSession(storage)).toEqual({ endpoint: DEFAULT_ENDPOINT, token: "brg_x" });
  });
});
