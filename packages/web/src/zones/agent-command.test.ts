import { describe, expect, it } from "vitest";
import { memoryStorage } from "../session/memory-storage.test-helpers.js";
import {
  agentPortUrl,
  enrolCommand,
  enrolCommandWithEnv,
  rememberAgentPortUrl,
  shellQuote,
} from "./agent-command.js";

describe("enrolCommand", () => {
  it("is the barrage agent command with the zone, the token and the agent port", () => {
    const token = "brz_Zm9vYmFyYmF6-_x.0a1b2c";
    expect(enrolCommand({ zone: "office-1", token, apiUrl: " https://barrage.example.com:4443 " })).toBe(
      `barrage agent --zone office-1 --token ${token} --api https://barrage.example.com:4443`,
    );
    expect(enrolCommandWithEnv({ zone: "office-1", token, apiUrl: "https://h:4443" })).toBe(
      `BARRAGE_ENROLMENT_TOKEN=${token} barrage agent --zone office-1 --api https://h:4443`,
    );
  });

  it("quotes what a shell would split or expand", () => {
    expect(shellQuote("eu.west:1")).toBe("eu.west:1");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
});

describe("agentPortUrl", () => {
  it("guesses the default agent port on the page's host until one is typed", () => {
    const storage = memoryStorage();
    expect(agentPortUrl(storage, "http://barrage.internal:4000/zones")).toBe("https://barrage.internal:4443");
    rememberAgentPortUrl(storage, " https://agents.example.com:443 ");
    expect(agentPortUrl(storage, "http://barrage.internal:4000/zones")).toBe(
      "https://agents.example.com:443",
    );
    rememberAgentPortUrl(storage, "");
    expect(agentPortUrl(storage, "http://127.0.0.1:4000/")).toBe("https://127.0.0.1:4443");
  });
});
