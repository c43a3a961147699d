/**
 * The throughput and memory target: nginx serving one small static file from a config in a
 * temporary directory, one worker pinned to its own CPU.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, openFileLimit, spawnPinned, TARGET_CPU, tail, waitForHttp } from "./processes.mjs";

const NGINX = "/usr/sbin/nginx";

/** @param {string} dir @param {number} port */
function config(dir, port) {
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `  ${kind}_temp_path ${join(dir, "tmp", kind)};`)
    .join("\n");
  return `daemon off;
worker_processes 1;
worker_rlimit_nofile ${Math.min(65_536, openFileLimit().hard)};
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events {
  worker_connections 20000;
  multi_accept on;
}
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
${temp}
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location / { root ${join(dir, "www")}; }
  }
}
`;
}

/**
 * Starts nginx on a free loopback port.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>} `url` is the static file's.
 */
export async function startNginx() {
  if (!existsSync(NGINX)) {
    throw new Error(`${NGINX} not found: install Debian's nginx-light (apt-get install -y nginx-light)`);
  }
  const dir = mkdtempSync(join(tmpdir(), "barrage-bench-nginx-"));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once("exit", removeDir);
  // The worker runs as nobody: it must be able to read the served file.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "www"), { mode: 0o755 });
  mkdirSync(join(dir, "tmp"));
  writeFileSync(join(dir, "www", "small.txt"), "barrage benchmark: a small static file.\n", { mode: 0o644 });
  const port = await freePort();
  writeFileSync(join(dir, "nginx.conf"), config(dir, port));
  const nginx = spawnPinned(TARGET_CPU, NGINX, ["-p", dir, "-c", join(dir, "nginx.conf")]);
  const url = `http://127.0.0.1:${port}/small.txt`;
  try {
    await Promise.race([
      waitForHttp(url),
      nginx.exited.then((r) => {
        throw new Error(`nginx exited with ${r.code}:\n${tail(r.stderr)}`);
      }),
    ]);
  } catch (error) {
    nginx.child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    close: async () => {
      // SIGQUIT is nginx's graceful stop; the master waits for its worker.
      nginx.child.kill("SIGQUIT");
      await nginx.exited;
      process.off("exit", removeDir);
      removeDir();
    },
  };
}
