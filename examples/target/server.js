#!/usr/bin/env node
/**
 * The example target: a plain node:http server (no framework, so it starts instantly and is
 * never the bottleneck) that the example scripts, their tests and the demo aim at.
 *
 *   node examples/target/server.js [--port 3000] [--host 127.0.0.1]
 */
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { apiRoutes } from "./api-routes.js";
import { basicRoutes } from "./basic-routes.js";
import { latencyRoutes } from "./latency-routes.js";
import { loadModeRoutes } from "./load-mode-routes.js";
import { createRouter } from "./router.js";

/**
 * @typedef {object} Target
 * @property {string} url Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`.
 * @property {number} port
 * @property {() => Promise<void>} close Stops listening and drops open keep-alive connections.
 */

/**
 * Starts a target with fresh state (sessions, items, pools, degrade clock).
 * @example const target = await startTarget({ port: 0 }); ...; await target.close();
 * @param {{ port?: number, host?: string }} [options] `port` 0 (the default) picks a free port.
 * @returns {Promise<Target>}
 */
export async function startTarget({ port = 0, host = "127.0.0.1" } = {}) {
  const startedAt = performance.now();
  const server = createServer(
    createRouter([...basicRoutes(), ...latencyRoutes(), ...apiRoutes(), ...loadModeRoutes({ startedAt })]),
  );
  // Load generators hold keep-alive connections through a whole run, idle gaps (sleep) included.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    // Node's default backlog (511) drops part of a burst of connects (hundreds of VUs starting
    // at once); their SYN retries come a second later and look like the target's latency.
    server.listen({ port, host, backlog: 4096 }, () => {
      server.off("error", reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import("node:net").AddressInfo} */ (server.address());
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function main() {
  const { values } = parseArgs({
    options: { port: { type: "string", default: "3000" }, host: { type: "string", default: "127.0.0.1" } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port ${values.port} must be an integer from 0 to 65535 (0 picks a free port)`);
  }
  const target = await startTarget({ port, host: values.host });
  console.log(`target listening on ${target.url}`);
  const stop = () => {
    target.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`target: ${error.message}`);
    process.exit(1);
  });
}
