import { readFileSync } from "node:fs";
import { totalmem } from "node:os";

/**
 * The files that hold the memory limit of the agent's cgroup: v2 (`max` when unlimited), then v1
 * (a huge number when unlimited). Inside a container they are the container's own.
 */
export const CGROUP_MEMORY_LIMIT_FILES: readonly string[] = [
  "/sys/fs/cgroup/memory.max",
  "/sys/fs/cgroup/memory/memory.limit_in_bytes",
];

/**
 * The limit files of the cgroup this process is in, from `/proc/self/cgroup`: without a cgroup
 * namespace (an agent run as a systemd service with `MemoryMax=`, say) the files at the root of
 * /sys/fs/cgroup are the machine's, and the process's own limit is further down.
 *
 * @example ownCgroupLimitFiles("0::/system.slice/barrage-agent.service\n") // ["/sys/fs/cgroup/system.slice/barrage-agent.service/memory.max"]
 */
export function ownCgroupLimitFiles(procSelfCgroup: string | undefined): string[] {
  const files: string[] = [];
  for (const line of (procSelfCgroup ?? "").split("\n")) {
    const [, controllers, path] = /^\d+:([^:]*):(\/.*)$/.exec(line.trim()) ?? [];
    if (path === undefined || path === "/" || path.includes("..")) continue;
    if (controllers === "") files.push(`/sys/fs/cgroup${path}/memory.max`);
    else if (controllers?.split(",").includes("memory"))
      files.push(`/sys/fs/cgroup/memory${path}/memory.limit_in_bytes`);
  }
  return files;
}

/** Where {@link readMemoryLimit} looks; tests replace it. */
export interface MemoryLimitSources {
  /**
   * The memory the agent's operator gives it, bytes (`barrage agent --memory-limit`): on a machine
   * it shares with other work, that budget, not the machine, is what the agent must stay within.
   */
  budget?: number;
  /** The machine's memory, bytes. */
  totalmem(): number;
  /** A file's text, or undefined when it cannot be read (absent: no cgroup of that version). */
  readFile(path: string): string | undefined;
}

/** The machine's own sources. */
export const SYSTEM_MEMORY_SOURCES: MemoryLimitSources = {
  totalmem,
  readFile: (path) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

/**
 * A cgroup memory limit file's content, in bytes; undefined when it sets no limit (v2's `max`) or
 * is not a number. v1's "unlimited" is a number near 2^63 and comes back as such: the machine's
 * memory is lower.
 *
 * @example
 * parseCgroupLimit("2147483648\n"); // 2147483648
 * parseCgroupLimit("max\n"); // undefined
 */
export function parseCgroupLimit(text: string): number | undefined {
  const value = text.trim();
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * The memory this process may use, bytes: the machine's memory, its cgroup's limit or the
 * operator's budget, whichever is lowest. A container with a limit is killed at its limit, not when the machine runs out, so that is
 * what "memory nearly full" must be measured against. Reads a few small files; cheap enough to call
 * every second, and a limit changed at run time (`docker update`) shows at once.
 *
 * @example readMemoryLimit(); // 2147483648 in a container limited to 2 GiB on a 16 GiB machine
 */
export function readMemoryLimit(sources: MemoryLimitSources = SYSTEM_MEMORY_SOURCES): number {
  let limit = Math.min(sources.totalmem(), sources.budget ?? Number.POSITIVE_INFINITY);
  for (const file of [
    ...CGROUP_MEMORY_LIMIT_FILES,
    ...ownCgroupLimitFiles(sources.readFile("/proc/self/cgroup")),
  ]) {
    const text = sources.readFile(file);
    const cgroup = text === undefined ? undefined : parseCgroupLimit(text);
    if (cgroup !== undefined && cgroup > 0) limit = Math.min(limit, cgroup);
  }
  return limit;
}
