/**
 * The tools Barrage is compared with, installed on demand into bench/.peers/ (gitignored):
 * they are never dependencies of the project.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PEERS_DIR = fileURLToPath(new URL("../.peers/", import.meta.url));

/**
 * Pinned versions: autocannon 8.0.0 and 9.0.0 declare no engines; 8.0.0 is the one known to run
 * on Node 20. Artillery 2.0.22 and later need Node 22.
 */
const PEERS = {
  autocannon: { version: "8.0.0", bin: "autocannon.js" },
  artillery: { version: "2.0.21", bin: "bin/run" },
};

/** @param {keyof typeof PEERS} name */
function installedVersion(name) {
  const manifest = join(PEERS_DIR, "node_modules", name, "package.json");
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")).version : undefined;
}

/**
 * Installs the pinned peers if missing (serialised with the repo's npm lock, since other
 * installs may run at the same time) and returns the path of each one's entry script.
 * @returns {{ autocannon: string, artillery: string }}
 */
export function ensurePeers() {
  const names = /** @type {(keyof typeof PEERS)[]} */ (Object.keys(PEERS));
  const missing = names.filter((name) => installedVersion(name) !== PEERS[name].version);
  if (missing.length > 0) {
    mkdirSync(PEERS_DIR, { recursive: true });
    const manifest = join(PEERS_DIR, "package.json");
    if (!existsSync(manifest))
      writeFileSync(manifest, '{ "name": "barrage-bench-peers", "private": true }\n');
    const specs = missing.map((name) => `${name}@${PEERS[name].version}`);
    console.log(`installing ${specs.join(", ")} into ${PEERS_DIR} (a minute or two)...`);
    execFileSync(
      "flock",
      [
        "/tmp/barrage-npm.lock",
        "npm",
        "install",
        "--prefix",
        PEERS_DIR,
        "--save-exact",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        ...specs,
      ],
      // Artillery pulls in Playwright for its browser engine; its browsers are not needed here.
      { cwd: PEERS_DIR, stdio: "inherit", env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" } },
    );
  }
  return {
    autocannon: join(PEERS_DIR, "node_modules", "autocannon", PEERS.autocannon.bin),
    artillery: join(PEERS_DIR, "node_modules", "artillery", PEERS.artillery.bin),
  };
}
