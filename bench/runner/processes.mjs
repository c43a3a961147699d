/**
 * Process plumbing for the benchmark: CPU pinning, output capture, waiting for ports and
 * reading resident memory from /proc.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

/** Load generators run here; the targets run on {@link TARGET_CPU}, so they never compete. */
export const LOAD_CPU = 0;
export const TARGET_CPU = 1;

/** Children still running, stopped if the benchmark exits early (error, Ctrl-C). */
const live = new Set();
process.once("exit", () => {
  // SIGTERM, not SIGKILL: nginx's master must get the chance to stop its worker.
  for (const child of live) child.kill("SIGTERM");
});

/**
 * Spawns `command` pinned to one CPU through taskset (which execs it, so the child's pid is
 * the command's own), collecting its output.
 * @param {number} cpu
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv }} [options] `env` is added to this process's environment.
 */
export function spawnPinned(cpu, command, args, { env } = {}) {
  const child = spawn("taskset", ["-c", String(cpu), command, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk) => {
    output.stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output.stderr += chunk;
  });
  live.add(child);
  const exited = once(child, "exit").then(([code, signal]) => {
    live.delete(child);
    return { code, signal, ...output };
  });
  return { child, output, exited };
}

/**
 * Runs a pinned command to its end and fails with its output when it exits non-zero.
 * @param {number} cpu
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 */
export async function runPinned(cpu, command, args, options) {
  const result = await spawnPinned(cpu, command, args, options).exited;
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited with ${result.code ?? result.signal}:\n${tail(result.stderr || result.stdout)}`,
    );
  }
  return result;
}

/** @param {string} text */
export function tail(text, lines = 20) {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Resident set size of one process in KB, or undefined once it has gone.
 * @param {number} pid
 */
export function rssKb(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The process and all its descendants, found through the parent pid in /proc/PID/stat.
 * @param {number} root
 * @returns {number[]}
 */
export function processTree(root) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may contain spaces; the ppid is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended between readdir and read.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(/** @type {number} */ (tree[i])) ?? []));
  return tree;
}

/**
 * The process of the tree with the largest RSS: the one holding the VUs, whether the CLI runs
 * them in-process or in a child it spawned.
 * @param {number} root
 * @returns {{ pid: number, kb: number } | undefined}
 */
export function heaviestProcess(root) {
  let heaviest;
  for (const pid of processTree(root)) {
    const kb = rssKb(pid);
    if (kb !== undefined && (!heaviest || kb > heaviest.kb)) heaviest = { pid, kb };
  }
  return heaviest;
}

/** @param {number} ms */
export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port that was free a moment ago, for servers (nginx) that cannot pick their own. */
export async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  server.close();
  await once(server, "close");
  return port;
}

/**
 * Polls until `url` answers, so a measurement never starts against a server still booting.
 * @param {string} url
 * @param {number} timeoutMs
 */
export async function waitForHttp(url, timeoutMs = 10_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await delay(50);
  }
}

/**
 * Resolves with the first match of `pattern` in a spawned process's stdout, or fails if the
 * process exits first.
 * @param {ReturnType<typeof spawnPinned>} spawned
 * @param {RegExp} pattern
 * @returns {Promise<RegExpExecArray>}
 */
export function waitForOutput(spawned, pattern) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(spawned.output.stdout);
      if (match) {
        spawned.child.stdout?.off("data", check);
        resolve(match);
      }
    };
    spawned.child.stdout?.on("data", check);
    check();
    spawned.exited.then((r) =>
      reject(
        new Error(`process exited with ${r.code ?? r.signal} before printing ${pattern}:\n${tail(r.stderr)}`),
      ),
    );
  });
}

/**
 * Samples the heaviest process of a tree every `intervalMs` until `exited` settles.
 * @param {number} root
 * @param {Promise<unknown>} exited
 * @param {number} intervalMs
 */
export async function sampleHeaviest(root, exited, intervalMs) {
  let running = true;
  exited.finally(() => {
    running = false;
  });
  /** @type {{ pid: number, kb: number }[]} */
  const samples = [];
  while (running) {
    const heaviest = heaviestProcess(root);
    if (heaviest) samples.push(heaviest);
    await delay(intervalMs);
  }
  return samples;
}

/**
 * This process's open-file limits, from /proc.
 * @returns {{ soft: number, hard: number }}
 */
export function openFileLimit() {
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
  const parse = (/** @type {string | undefined} */ v) =>
    v === "unlimited" ? Number.POSITIVE_INFINITY : Number(v);
  return { soft: parse(match?.[1]), hard: parse(match?.[2]) };
}

/**
 * Raises this process's open-file limit to `wanted` (children inherit it). Raising the hard
 * limit needs CAP_SYS_RESOURCE, which containers often drop: then the soft limit goes up to
 * the hard one (Node already does that at start) and the limit that holds is returned.
 * @param {number} wanted
 */
export function raiseOpenFileLimit(wanted) {
  try {
    execFileSync("prlimit", ["--pid", String(process.pid), `--nofile=${wanted}:${wanted}`], {
      stdio: "ignore",
    });
  } catch {
    // Not permitted: keep what the hard limit allows.
  }
  return openFileLimit().soft;
}
