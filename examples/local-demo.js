#!/usr/bin/env node
/**
 * `npm run demo:local`: starts the example target on a free port, runs
 * `barrage run examples/scripts/api-login.js` against it with its output streamed here,
 * stops the target and exits with the runner's exit code (0 when every threshold passed).
 */
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { cliNotReady, spawnBarrage } from "./barrage-cli.js";
import { startTarget } from "./target/server.js";

const SCRIPT = fileURLToPath(new URL("./scripts/api-login.js", import.meta.url));

async function main() {
  const notReady = cliNotReady();
  if (notReady) {
    console.error(`demo: ${notReady}.`);
    return 1;
  }
  const target = await startTarget({ port: 0 });
  console.log(`demo: example target listening on ${target.url}`);
  console.log(`demo: barrage run -e BASE_URL=${target.url} examples/scripts/api-login.js\n`);
  try {
    const runner = spawnBarrage(["run", "-e", `BASE_URL=${target.url}`, SCRIPT], { stdio: "inherit" });
    // Ctrl-C reaches the runner too (same process group); let it stop and summarise, then clean up.
    const ignoreInterrupt = () => {};
    process.on("SIGINT", ignoreInterrupt);
    const [code, signal] = await once(runner, "exit");
    process.off("SIGINT", ignoreInterrupt);
    if (code === null) {
      console.error(`demo: barrage was killed by ${signal}`);
      return 1;
    }
    console.log(`\ndemo: barrage exited with ${code}${code === 0 ? " (all thresholds passed)" : ""}`);
    return code;
  } finally {
    await target.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`demo: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  },
);
