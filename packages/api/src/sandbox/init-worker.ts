import { Worker } from "node:worker_threads";
import { type HostOpen, INIT_CONTEXT_SOURCE, type InitContextSettings } from "./init-context.js";

/** The limits one evaluation of a script's init context runs under. */
export interface SandboxLimits {
  /** CPU time the init code may take inside the `vm` (its `timeout`). */
  timeLimitMs: number;
  /** Heap of the Worker (V8 old generation), and separately the binary data init code may allocate. */
  memoryLimitMb: number;
  /** Wall-clock time after which the Worker is terminated whatever it is doing. */
  wallClockLimitMs: number;
}

/** What to evaluate: the wrapped bundle (see `wrapBundle`) and the files `open()` may read. */
export interface InitWorkerInput {
  code: string;
  /** The file name the bundle is compiled under; stack frames carry it. */
  filename: string;
  /** Path relative to the entry script's folder → base64 bytes. */
  files: Readonly<Record<string, string>>;
  env: Readonly<Record<string, string>>;
}

/** The init code's answer, as the context reported it. */
export type InitAnswer =
  | { ok: true; options: string | undefined; functions: string[] }
  | { ok: false; error: { name: string; message: string; stack: string } };

/** How an evaluation ended. Only `failed-sandbox` is the platform's fault rather than the script's. */
export type InitOutcome =
  | { kind: "answered"; answer: InitAnswer; opened: string[] }
  | { kind: "time-limit" }
  | { kind: "memory-limit" }
  | { kind: "wall-clock-limit" };

interface WorkerData {
  prelude: string;
  settings: string;
  code: string;
  filename: string;
  files: Record<string, string>;
  timeLimitMs: number;
}

type WorkerMessage =
  | { kind: "answered"; answer: string; opened: string[] }
  | { kind: "time-limit" }
  | { kind: "failed"; message: string };

/**
 * The Worker's program, run from its source text (an `eval` Worker needs no file on disk, so it
 * works the same from the sources under test and from `dist`). It must not refer to anything
 * outside itself. It reads only strings from the context and never touches a value the script
 * made, so no script code runs outside the `vm` timeout.
 */
function workerMain(
  vm: typeof import("node:vm"),
  threads: typeof import("node:worker_threads"),
  posix: typeof import("node:path").posix,
  types: typeof import("node:util").types,
): void {
  const data = threads.workerData as WorkerData;
  const post = (message: WorkerMessage) => threads.parentPort?.postMessage(message);
  const opened = new Set<string>();
  const hostOpen: HostOpen = (path, binary) => {
    try {
      if (typeof path !== "string") return undefined;
      const name = posix.normalize(path);
      if (posix.isAbsolute(name) || name === ".." || name.startsWith("../")) return undefined;
      const base64 = Object.hasOwn(data.files, name) ? data.files[name] : undefined;
      if (base64 === undefined) return undefined;
      opened.add(name);
      return Buffer.from(base64, "base64").toString(binary ? "latin1" : "utf8");
    } catch {
      return undefined;
    }
  };
  // A null-prototype global: with a plain object, `this.constructor` would be the host's Object.
  const context = vm.createContext(Object.create(null), {
    name: "barrage init context",
    codeGeneration: { strings: true, wasm: false },
    // Promise jobs run inside runInContext, so they count against its timeout.
    microtaskMode: "afterEvaluate",
  });
  try {
    const install = new vm.Script(data.prelude, { filename: "barrage:init-context" }).runInContext(context);
    install(hostOpen, data.settings);
    const answer: unknown = new vm.Script(data.code, { filename: data.filename }).runInContext(context, {
      timeout: data.timeLimitMs,
    });
    if (typeof answer !== "string") throw new Error("the init context gave no answer");
    post({ kind: "answered", answer, opened: [...opened] });
  } catch (error) {
    // Node creates the timeout error in the context's realm, so it is recognised by its own `code`
    // property, read as a descriptor from a non-Proxy object: no getter or trap of the script runs.
    const own = (name: string): unknown =>
      typeof error === "object" && error !== null && !types.isProxy(error)
        ? Object.getOwnPropertyDescriptor(error, name)?.value
        : undefined;
    if (own("code") === "ERR_SCRIPT_EXECUTION_TIMEOUT") post({ kind: "time-limit" });
    else {
      const message = own("message");
      post({ kind: "failed", message: typeof message === "string" ? message : "the init context failed" });
    }
  }
}

const WORKER_SOURCE = `"use strict";\n(${workerMain.toString()})(require("node:vm"), require("node:worker_threads"), require("node:path").posix, require("node:util").types);\n`;

/**
 * Evaluates a wrapped bundle's init code in a fresh `vm` context inside a Worker thread with a heap
 * limit, an empty environment and no way to print, under the `vm` time limit, and terminates the
 * Worker at the wall-clock limit. Resolves with how it ended; rejects only when the sandbox itself
 * fails (a fault of the platform, worth a retry).
 */
export function runInitInWorker(input: InitWorkerInput, limits: SandboxLimits): Promise<InitOutcome> {
  const settings: InitContextSettings = {
    env: { ...input.env },
    binaryBudgetBytes: limits.memoryLimitMb * 1024 * 1024,
  };
  const workerData: WorkerData = {
    prelude: INIT_CONTEXT_SOURCE,
    settings: JSON.stringify(settings),
    code: input.code,
    filename: input.filename,
    files: { ...input.files },
    timeLimitMs: limits.timeLimitMs,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData,
      env: {},
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: {
        maxOldGenerationSizeMb: limits.memoryLimitMb,
        maxYoungGenerationSizeMb: 16,
        stackSizeMb: 4,
      },
    });
    // Piped, not inherited, so nothing the Worker prints reaches the platform's logs; drained here.
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => resolve({ kind: "wall-clock-limit" })),
      limits.wallClockLimitMs,
    );
    worker.on("message", (message: WorkerMessage) =>
      settle(() => {
        if (message.kind === "answered") {
          resolve({ kind: "answered", answer: parseAnswer(message.answer), opened: message.opened });
        } else if (message.kind === "time-limit") {
          resolve({ kind: "time-limit" });
        } else {
          reject(new Error(`The script sandbox failed: ${message.message}`));
        }
      }),
    );
    worker.on("error", (error: Error & { code?: string }) =>
      settle(() =>
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? resolve({ kind: "memory-limit" })
          : reject(new Error(`The script sandbox's worker failed: ${error.message}`, { cause: error })),
      ),
    );
    worker.on("exit", (code) =>
      settle(() =>
        reject(new Error(`The script sandbox's worker exited with code ${code} without an answer`)),
      ),
    );
  });
}

/** Checks the shape of the context's JSON answer; the context is untrusted, so trust nothing. */
function parseAnswer(json: string): InitAnswer {
  const answer = JSON.parse(json) as Partial<Record<string, unknown>>;
  if (answer.ok === true) {
    const functions = Array.isArray(answer.functions)
      ? answer.functions.filter((f) => typeof f === "string")
      : [];
    return { ok: true, options: typeof answer.options === "string" ? answer.options : undefined, functions };
  }
  const error = (answer.error ?? {}) as Partial<Record<string, unknown>>;
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return {
    ok: false,
    error: { name: text(error.name), message: text(error.message), stack: text(error.stack) },
  };
}
