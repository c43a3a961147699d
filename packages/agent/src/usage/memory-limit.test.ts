import { describe, expect, it } from "vitest";
import { ownCgroupLimitFiles, parseCgroupLimit, readMemoryLimit } from "./memory-limit.js";

const GiB = 2 ** 30;

/** A machine of `totalmem` bytes whose cgroup files hold `files`. */
function machine(totalmem: number, files: Record<string, string>) {
  return { totalmem: () => totalmem, readFile: (path: string) => files[path] };
}

describe("parseCgroupLimit", () => {
  it("reads a number of bytes", () => {
    expect(parseCgroupLimit("2147483648\n")).toBe(2 * GiB);
  });

  it("reads v2's `max` as no limit, and anything else that is not a number too", () => {
    expect(parseCgroupLimit("max\n")).toBeUndefined();
    expect(parseCgroupLimit("")).toBeUndefined();
    expect(parseCgroupLimit("-1")).toBeUndefined();
    expect(parseCgroupLimit("12 MB")).toBeUndefined();
  });
});

describe("readMemoryLimit", () => {
  it("is the cgroup v2 limit when it is below the machine's memory", () => {
    expect(readMemoryLimit(machine(16 * GiB, { "/sys/fs/cgroup/memory.max": "2147483648\n" }))).toBe(2 * GiB);
  });

  it("is the cgroup v1 limit when it is below the machine's memory", () => {
    const files = { "/sys/fs/cgroup/memory/memory.limit_in_bytes": "1073741824\n" };
    expect(readMemoryLimit(machine(16 * GiB, files))).toBe(GiB);
  });

  it("is the machine's memory without a cgroup limit: v2 `max`, v1's huge number, or no files", () => {
    expect(readMemoryLimit(machine(16 * GiB, { "/sys/fs/cgroup/memory.max": "max\n" }))).toBe(16 * GiB);
    const v1Unlimited = { "/sys/fs/cgroup/memory/memory.limit_in_bytes": "9223372036854771712\n" };
    expect(readMemoryLimit(machine(16 * GiB, v1Unlimited))).toBe(16 * GiB);
    expect(readMemoryLimit(machine(16 * GiB, {}))).toBe(16 * GiB);
  });

  it("is the machine's memory when a limit exceeds it", () => {
    expect(readMemoryLimit(machine(GiB, { "/sys/fs/cgroup/memory.max": String(8 * GiB) }))).toBe(GiB);
  });

  it("reads this machine", () => {
    const limit = readMemoryLimit();
    expect(limit).toBeGreaterThan(10_000_000);
    expect(limit).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
  });
});

describe("readMemoryLimit with an operator's budget", () => {
  it("takes the lowest of the machine, the cgroup and the budget", () => {
    const sources = {
      totalmem: () => 16e9,
      readFile: (path: string) => (path.endsWith("memory.max") ? "4000000000\n" : undefined),
    };
    expect(readMemoryLimit(sources)).toBe(4e9);
    expect(readMemoryLimit({ ...sources, budget: 512e6 })).toBe(512e6);
    expect(readMemoryLimit({ ...sources, budget: 64e9 })).toBe(4e9);
  });
});

describe("readMemoryLimit in a nested cgroup", () => {
  it("reads the limit of the process's own cgroup, v2 or v1, besides the root's", () => {
    const files: Record<string, string> = {
      "/proc/self/cgroup": "4:memory:/process_api/abc\n0::/system.slice/agent.service\n",
      "/sys/fs/cgroup/system.slice/agent.service/memory.max": "1073741824\n",
      "/sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes": "2147483648\n",
    };
    const sources = { totalmem: () => 16e9, readFile: (path: string) => files[path] };
    expect(readMemoryLimit(sources)).toBe(1073741824);
    expect(ownCgroupLimitFiles(files["/proc/self/cgroup"])).toEqual([
      "/sys/fs/cgroup/memory/process_api/abc/memory.limit_in_bytes",
      "/sys/fs/cgroup/system.slice/agent.service/memory.max",
    ]);
    expect(ownCgroupLimitFiles("0::/\n")).toEqual([]);
    expect(ownCgroupLimitFiles(undefined)).toEqual([]);
  });
});
