import { describe, expect, it } from "vitest";
import { computeTimings, startStamps } from "./timings.js";

describe("computeTimings", () => {
  it("splits a request on a new TLS connection like k6", () => {
    const t = computeTimings({
      start: 100,
      connectStart: 102,
      connectEnd: 105,
      tlsEnd: 111,
      gotConnection: 112,
      requestWritten: 113,
      firstByte: 140,
      end: 150,
    });
    expect(t).toEqual({
      blocked: 12,
      connecting: 3,
      tls_handshaking: 6,
      sending: 1,
      waiting: 27,
      receiving: 10,
      duration: 38,
    });
  });

  it("gives zero connect times on a reused connection", () => {
    const t = computeTimings({
      ...startStamps(10),
      gotConnection: 10.5,
      requestWritten: 11,
      firstByte: 15,
      end: 16,
    });
    expect(t).toMatchObject({
      blocked: 0.5,
      connecting: 0,
      tls_handshaking: 0,
      sending: 0.5,
      waiting: 4,
      receiving: 1,
    });
  });

  it("counts waiting up to the end when no response byte came (timeout)", () => {
    const t = computeTimings({ ...startStamps(0.5), gotConnection: 1, requestWritten: 2, end: 102 });
    expect(t).toMatchObject({ sending: 1, waiting: 100, receiving: 0, duration: 101 });
  });

  it("is all zero when no connection was ever made", () => {
    const t = computeTimings({ ...startStamps(5), end: 9 });
    expect(Object.values(t).every((value) => value === 0)).toBe(true);
  });

  it("does not count waiting when the response began before the request was written", () => {
    const t = computeTimings({
      ...startStamps(1),
      gotConnection: 2,
      requestWritten: 10,
      firstByte: 8,
      end: 12,
    });
    expect(t).toMatchObject({ sending: 8, waiting: 0, receiving: 4, duration: 12 });
  });
});
