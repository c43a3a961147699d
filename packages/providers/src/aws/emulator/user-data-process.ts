import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** The user data of one emulated instance, running as a process group of its own. */
export interface UserDataProcess {
  /** The script's process id, also its process group id. */
  readonly pid: number;
  /** Settles when the script and everything it started have ended. */
  readonly ended: Promise<void>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the group is gone. */
  kill(graceMs: number): Promise<void>;
}

/**
 * Runs an instance's user data the way cloud-init does: written to a file of its own (mode 0700,
 * in a 0700 directory: it holds the bootstrap token), executed by its shebang, output appended to
 * the instance's console log. It runs in a new process group (a new session), so that terminating
 * the instance ends the agent and whatever else the script started, as a shutdown would.
 *
 * @example
 * const proc = await startUserData({ directory, script, env });
 * await proc.kill(5000);
 */
export async function startUserData(options: {
  directory: string;
  script: Buffer;
  env: Record<string, string>;
}): Promise<UserDataProcess> {
  const scriptPath = join(options.directory, "user-data");
  await writeFile(scriptPath, options.script, { mode: 0o700 });
  const log = await open(join(options.directory, "console.log"), "a", 0o600);
  let child: ChildProcess;
  let exited: Promise<void>;
  try {
    // A script without a shebang would not run under cloud-init either; bash is what it would get.
    const command =
      options.script.subarray(0, 2).toString() === "#!" ? [scriptPath] : ["/bin/bash", scriptPath];
    child = spawn(command[0] as string, command.slice(1), {
      cwd: options.directory,
      env: options.env,
      detached: true,
      stdio: ["ignore", log.fd, log.fd],
    });
    // Listen before anything else is awaited: a script may end at once.
    const spawnedChild = child;
    exited = new Promise<void>((resolve) => spawnedChild.once("exit", () => resolve()));
    await once(child, "spawn");
  } finally {
    await log.close();
  }
  const pid = child.pid as number;
  const ended = exited.then(async () => {
    await waitForGroupEnd(pid, Number.POSITIVE_INFINITY);
  });
  return {
    pid,
    ended,
    async kill(graceMs: number) {
      signalGroup(pid, "SIGTERM");
      if (!(await waitForGroupEnd(pid, graceMs))) {
        signalGroup(pid, "SIGKILL");
        await waitForGroupEnd(pid, Number.POSITIVE_INFINITY);
      }
      await exited;
    },
  };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Polls until no live process is left in the group; false when `timeoutMs` passed first. */
async function waitForGroupEnd(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

/**
 * Whether a process group has a live member. Zombies do not count: orphans of the script are
 * re-parented to PID 1, which in a container may never reap them. Linux reads /proc; elsewhere
 * `kill(-pgid, 0)` answers (counting zombies).
 *
 * @example
 * await eventually("the instance's processes to end", () => !groupAlive(instance.pid));
 */
export function groupAlive(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // After the command name in parentheses: state, ppid, pgrp.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z") return true;
  }
  return false;
}
