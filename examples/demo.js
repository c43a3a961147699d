#!/usr/bin/env node
/**
 * `npm run demo`, the README's main command: a real cloud run on this machine. Starts the whole
 * platform in this process (the PostgreSQL of DATABASE_URL, or an embedded one in a fresh state
 * directory), the example target, and then `barrage cloud examples/scripts/api-login.js` as a user
 * would run it: validated in the sandbox, planned into execution segments for local agents,
 * its metrics merged in PostgreSQL, thresholds judged on the aggregate, the summary printed from
 * the API. Exits with the CLI's exit code (0 when every threshold passed).
 */
import { once } from "node:events";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startPlatform } from "@barrage/api";
import { cliNotReady, spawnBarrage } from "./barrage-cli.js";
import { startTarget } from "./target/server.js";

const SCRIPT = fileURLToPath(new URL("./scripts/api-login.js", import.meta.url));

async function main() {
  const notReady = cliNotReady();
  if (notReady) {
    console.error(`demo: ${notReady}.`);
    return 1;
  }
  // A state directory of its own: the demo never touches a platform you run with `npm start`.
  const stateDir = process.env.BARRAGE_STATE_DIR ?? (await mkdtemp(join(tmpdir(), "barrage-demo-")));
  // As root, the embedded PostgreSQL runs as "postgres", which must be able to pass through the
  // state directory; its files (the CA key among them) keep their own modes.
  if (!process.env.BARRAGE_STATE_DIR && process.getuid?.() === 0) await chmod(stateDir, 0o711);
  const where = process.env.DATABASE_URL ? "DATABASE_URL" : `an embedded PostgreSQL in ${stateDir}`;
  console.log(`demo: starting the platform on ${where}...`);
  const platform = await startPlatform({
    databaseUrl: process.env.DATABASE_URL,
    stateDir,
    port: 0,
    agentPort: 0,
    log: () => {},
  });
  const target = await startTarget({ port: 0 });
  try {
    const token = await platform.createApiToken("demo", ["WRITE"]);
    console.log(`demo: platform up, GraphQL at ${platform.url}; example target at ${target.url}`);
    console.log(`demo: barrage cloud -e BASE_URL=${target.url} examples/scripts/api-login.js\n`);
    const cli = spawnBarrage(["cloud", "--api", platform.url, "-e", `BASE_URL=${target.url}`, SCRIPT], {
      stdio: "inherit",
      env: { ...process.env, BARRAGE_TOKEN: token, XDG_CONFIG_HOME: join(stateDir, "config") },
    });
    // Ctrl-C reaches the CLI too (same process group): it stops the run in the cloud; wait for it.
    const ignoreInterrupt = () => {};
    process.on("SIGINT", ignoreInterrupt);
    const [code, signal] = await once(cli, "exit");
    process.off("SIGINT", ignoreInterrupt);
    if (code === null) {
      console.error(`demo: barrage was killed by ${signal}`);
      return 1;
    }
    console.log(`\ndemo: barrage cloud exited with ${code}${code === 0 ? " (all thresholds passed)" : ""}`);
    return code;
  } finally {
    await target.close();
    await platform.close();
    if (!process.env.BARRAGE_STATE_DIR) await rm(stateDir, { recursive: true, force: true });
  }
}

// process.exit rather than process.exitCode: the embedded PostgreSQL's exit hooks would turn the
// natural end of the process into exit code 0.
main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`demo: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
