/** Where a host name of k6's `hosts` option points: an address, and a port that replaces the URL's. */
export interface HostOverride {
  address: string;
  port?: number;
}

/** k6's `hosts` option, ready for the connector: lower-cased names to their overrides. */
export type HostOverrides = ReadonlyMap<string, HostOverride>;

/**
 * Reads k6's `hosts` option (`{"test.k6.io": "1.2.3.4", "api.test": "1.2.3.4:8443",
 * "v6.test": "[::1]:8080"}`): requests to those names connect to the given address (and port),
 * while the URL, the Host header and TLS's server name keep the name, as an /etc/hosts entry would.
 *
 * @throws TypeError naming the entry when a value is not an address with an optional port
 * @example parseHosts({ "shop.test": "127.0.0.1:3000" }).get("shop.test") // { address: "127.0.0.1", port: 3000 }
 */
export function parseHosts(hosts: Readonly<Record<string, string>> | undefined): HostOverrides {
  const overrides = new Map<string, HostOverride>();
  for (const [name, value] of Object.entries(hosts ?? {})) {
    const override = parseHostOverride(value);
    if (!override) throw new TypeError(`hosts: "${name}": ${HOST_OVERRIDE_EXPECTED(value)}`);
    overrides.set(name.toLowerCase(), override);
  }
  return overrides;
}

/** What a `hosts` value must look like, for error messages. */
export const HOST_OVERRIDE_EXPECTED = (value: string): string =>
  `"${value}" is not an address with an optional port, such as "127.0.0.1", "127.0.0.1:8080" or "[::1]:8080"`;

/** One value of the `hosts` option, or undefined when it is not an address with an optional port. */
export function parseHostOverride(value: string): HostOverride | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+))(?::(\d{1,5}))?$/.exec(value.trim());
  const port = match?.[3] === undefined ? undefined : Number(match[3]);
  if (!match || (port !== undefined && (port < 1 || port > 65535))) return undefined;
  return { address: (match[1] ?? match[2]) as string, ...(port !== undefined && { port }) };
}
