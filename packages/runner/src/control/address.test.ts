import { describe, expect, it } from "vitest";
import { parseControlAddress } from "./address.js";

describe("parseControlAddress", () => {
  it.each([
    ["localhost:6565", { host: "localhost", port: 6565 }],
    ["127.0.0.1:6565", { host: "127.0.0.1", port: 6565 }],
    ["0.0.0.0:80", { host: "0.0.0.0", port: 80 }],
    [":6565", { host: undefined, port: 6565 }],
    [":0", { host: undefined, port: 0 }],
    ["[::1]:6565", { host: "::1", port: 6565 }],
    ["runner-1.example.com:7000", { host: "runner-1.example.com", port: 7000 }],
    ["localhost:", { host: "localhost", port: 0 }],
  ])("reads %s", (address, expected) => {
    expect(parseControlAddress(address)).toEqual(expected);
  });

  it.each([
    ["localhost", "the port is missing"],
    ["6565", "the port is missing"],
    ["localhost:65536", 'the port "65536" is not a number from 0 to 65535'],
    ["localhost:http", 'the port "http" is not a number from 0 to 65535'],
    ["localhost:-1", 'the port "-1" is not a number from 0 to 65535'],
    ["::1:6565", "an IPv6 host must be written in brackets"],
    ["[localhost]:6565", '"localhost" is not an IPv6 address'],
    ["bad host:6565", '"bad host" is not a valid host name'],
  ])("refuses %s", (address, problem) => {
    expect(() => parseControlAddress(address)).toThrow(
      `invalid --address "${address}": ${problem}; expected host:port, :port or [ipv6]:port`,
    );
  });
});
