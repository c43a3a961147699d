#!/usr/bin/env node
// Runs before `npm test`: the end-to-end tests need Debian's Chromium (never a browser download)
// and the built app, which the platform serves. Installs the one and builds the other only when
// missing or stale, so a second `npm test` starts at once.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE = fileURLToPath(new URL("../..", import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function installChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  console.log("e2e: installing Debian's chromium (apt-get, under /tmp/barrage-apt.lock)");
  // Other packages' setups may run apt at the same time: one at a time, through the shared lock.
  execFileSync(
    "flock",
    [
      "/tmp/barrage-apt.lock",
      "sh",
      "-c",
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium",
    ],
    { stdio: "inherit" },
  );
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but ${CHROMIUM} is still missing`);
}

/** The newest modification time under `path`. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function buildIfStale() {
  const built = join(PACKAGE, "dist", "index.html");
  const sources = ["src", "index.html", "vite.config.ts", "package.json"].map((p) =>
    newest(join(PACKAGE, p)),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources)) return;
  console.log("e2e: building the web app");
  execFileSync("npm", ["run", "build"], { cwd: PACKAGE, stdio: "inherit" });
}

installChromium();
buildIfStale();
