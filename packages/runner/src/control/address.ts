import { isIP } from "node:net";

/** Where the control API listens. */
export interface ControlAddress {
  /** The host or IP to bind (IPv6 without brackets); `undefined` binds every interface. */
  host: string | undefined;
  /** The TCP port; 0 picks a free one. */
  port: number;
}

const accepted = "expected host:port, :port or [ipv6]:port, e.g. localhost:6565, :6565 or [::1]:6565";
const hostname = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/**
 * Parses a `--address` value the way k6 (Go's `net.Listen`) reads it: `localhost:6565`,
 * `0.0.0.0:6565`, `:6565` (every interface), `[::1]:6565`; an empty port means any free port.
 *
 * @example
 * parseControlAddress("localhost:6565"); // { host: "localhost", port: 6565 }
 * parseControlAddress(":0");             // { host: undefined, port: 0 }
 * @throws Error naming the bad value and the accepted forms
 */
export function parseControlAddress(address: string): ControlAddress {
  const separator = address.lastIndexOf(":");
  if (separator < 0) throw invalid(address, "the port is missing");
  const rawHost = address.slice(0, separator);
  const rawPort = address.slice(separator + 1);
  return { host: parseHost(address, rawHost), port: parsePort(address, rawPort) };
}

function parseHost(address: string, raw: string): string | undefined {
  if (raw === "") return undefined;
  if (raw.startsWith("[") && raw.endsWith("]")) {
    const ip = raw.slice(1, -1);
    if (isIP(ip) !== 6) throw invalid(address, `"${ip}" is not an IPv6 address`);
    return ip;
  }
  if (raw.includes(":")) throw invalid(address, "an IPv6 host must be written in brackets");
  if (isIP(raw) === 0 && !hostname.test(raw)) throw invalid(address, `"${raw}" is not a valid host name`);
  return raw;
}

function parsePort(address: string, raw: string): number {
  if (raw === "") return 0;
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(port <= 65535)) throw invalid(address, `the port "${raw}" is not a number from 0 to 65535`);
  return port;
}

function invalid(address: string, problem: string): Error {
  return new Error(`invalid --address "${address}": ${problem}; ${accepted}`);
}
