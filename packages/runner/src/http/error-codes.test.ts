import { describe, expect, it } from "vitest";
import { classifyTransportError } from "./error-codes.js";

function nodeError(code: string, syscall?: string, errno?: number, message = `${syscall ?? ""} ${code}`) {
  return Object.assign(new Error(message), { code, syscall, errno });
}

describe("classifyTransportError", () => {
  it.each([
    [nodeError("ENOTFOUND", "getaddrinfo", -3008), 1101, "lookup: no such host"],
    [nodeError("ECONNREFUSED", "connect", -111), 1212, "dial: connection refused"],
    [nodeError("ETIMEDOUT", "connect", -110), 1211, "dial: i/o timeout"],
    [
      nodeError("EHOSTUNREACH", "connect", -113),
      1213,
      "dial: unknown errno 113 error with msg `no route to host`",
    ],
    [nodeError("ECONNRESET", "read", -104), 1220, "read: connection reset by peer"],
    [nodeError("EPIPE", "write", -32), 1201, "write: broken pipe"],
    [nodeError("DEPTH_ZERO_SELF_SIGNED_CERT"), 1310, "x509: unknown authority"],
    [nodeError("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), 1310, "x509: unknown authority"],
    [nodeError("ERR_TLS_CERT_ALTNAME_INVALID"), 1311, "x509: certificate doesn't match hostname"],
    [nodeError("ERR_SSL_WRONG_VERSION_NUMBER"), 1301, "tls: first record does not look like a TLS handshake"],
    [nodeError("CERT_HAS_EXPIRED"), 1300, "x509: certificate has expired or is not yet valid"],
  ])("maps %s", (error, code, message) => {
    expect(classifyTransportError(error, false)).toEqual({ code, message });
  });

  it("keeps the cause of other TLS failures in the message", () => {
    const error = nodeError(
      "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
      undefined,
      undefined,
      "handshake failure",
    );
    expect(classifyTransportError(error, false)).toEqual({ code: 1300, message: "tls: handshake failure" });
  });

  it("tells a connection closed before the response from one closed during it", () => {
    const closed = nodeError("UND_ERR_SOCKET", undefined, undefined, "other side closed");
    expect(classifyTransportError(closed, false)).toEqual({ code: 1000, message: "EOF" });
    expect(classifyTransportError(closed, true)).toEqual({ code: 1000, message: "unexpected EOF" });
  });

  it("reports DNS failures other than an unknown host with code 1100", () => {
    const error = nodeError("EAI_AGAIN", "getaddrinfo", -3001, "getaddrinfo EAI_AGAIN example.test");
    expect(classifyTransportError(error, false)).toEqual({
      code: 1100,
      message: "lookup: getaddrinfo EAI_AGAIN example.test",
    });
  });

  it("falls back to the generic code with the error's own message", () => {
    expect(classifyTransportError(new Error("something odd"), false)).toEqual({
      code: 1000,
      message: "something odd",
    });
    expect(classifyTransportError("a string", false)).toEqual({ code: 1000, message: "a string" });
  });
});
