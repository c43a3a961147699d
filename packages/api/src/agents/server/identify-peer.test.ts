import type { IncomingMessage } from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AgentIdentityError } from "../ca/index.js";
import { identifyPeer } from "./identify-peer.js";

/** A request on a verified TLS connection whose certificate is `certificate`. */
function requestOn(socket: object): IncomingMessage {
  return { socket } as IncomingMessage;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("identifyPeer", () => {
  it("reads a connection's certificate once, and again once it has expired, to refuse it", () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const socket = { authorized: true, getPeerCertificate: () => ({ raw: Buffer.alloc(0) }) };
    let reads = 0;
    const identify = () => {
      reads++;
      if (Date.now() > 1_060_000) throw new AgentIdentityError("expired", "the agent certificate expired");
      return { runId: "1", notAfter: new Date(1_060_000) };
    };
    expect(identifyPeer(requestOn(socket), identify).runId).toBe("1");
    vi.setSystemTime(1_059_000);
    expect(identifyPeer(requestOn(socket), identify).runId).toBe("1");
    expect(reads).toBe(1);
    // Another connection has its own certificate to read.
    identifyPeer(requestOn({ ...socket }), identify);
    expect(reads).toBe(2);
    vi.setSystemTime(1_061_000);
    expect(() => identifyPeer(requestOn(socket), identify)).toThrow(
      expect.objectContaining({ status: 401, message: "the agent certificate expired" }),
    );
  });

  it("refuses a connection TLS did not verify, without reading anything", () => {
    const identify = vi.fn();
    expect(() =>
      identifyPeer(requestOn({ authorized: false, authorizationError: "UNABLE_TO_VERIFY" }), identify),
    ).toThrow(expect.objectContaining({ status: 401 }));
    expect(identify).not.toHaveBeenCalled();
  });
});
