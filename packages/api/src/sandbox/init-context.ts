/**
 * The global scope a script's init code sees in the sandbox, built INSIDE the fresh `vm` context.
 *
 * Why it is written as a function that is turned into source text: anything the host hands into a
 * context (a function, an object, an error) drags the host realm along, and
 * `value.constructor.constructor("return process")()` then escapes. So the stand-ins are created
 * by code that runs in the context, from the context's own builtins, and the only host value that
 * crosses over is `hostOpen`, kept in a closure the script cannot reach, which takes and returns
 * strings only. The builtins the stand-ins rely on are captured before the script runs, so a script
 * that replaces `JSON.stringify` or `Object.keys` cannot forge what the sandbox reports.
 *
 * The function must not refer to anything outside itself: only its source text is used.
 */

/** What the host passes to the init context, as JSON. */
export interface InitContextSettings {
  /** `__ENV`. */
  env: Record<string, string>;
  /** Most bytes of binary data (ArrayBuffers, typed arrays) init code may allocate in all. */
  binaryBudgetBytes: number;
}

/**
 * Reads a file of the script for `open()`: its text, or with `binary` its bytes as a latin1 string;
 * `undefined` when the script has no such file. Never throws.
 */
export type HostOpen = (path: string, binary: boolean) => string | undefined;

/**
 * Installs the init context into the current global scope and defines the one-shot
 * `__barrageRun(factory)` hook that runs the wrapped bundle and answers a JSON string:
 * `{ok: true, options, functions}` (options as JSON text or absent) or `{ok: false, error}`.
 */
function installInitContext(hostOpen: HostOpen, settingsJson: string): void {
  const scope = globalThis as unknown as Record<string, unknown>;
  const { parse, stringify } = JSON;
  const { defineProperty, freeze, getPrototypeOf, isFrozen, keys } = Object;
  const { apply, construct } = Reflect;
  const isArray = Array.isArray;
  const OriginalArrayBuffer = ArrayBuffer;
  const OriginalUint8Array = Uint8Array;
  const OriginalProxy = Proxy;
  const OriginalError = Error;
  const OriginalTypeError = TypeError;
  const OriginalRangeError = RangeError;
  const charCodeAt = String.prototype.charCodeAt;
  const settings = parse(settingsJson) as InitContextSettings;

  // Binary data lives outside the V8 heap, so the Worker's heap limit does not bound it: count it.
  let binaryLeft = settings.binaryBudgetBytes;
  const charge = (bytes: unknown, what: string): void => {
    const count = Number(bytes);
    if (!(count > 0)) return;
    if (count > binaryLeft) {
      throw new OriginalRangeError(
        `${what}: the init context may allocate at most ${settings.binaryBudgetBytes} bytes of binary data (ArrayBuffers and typed arrays)`,
      );
    }
    binaryLeft -= count;
  };
  const guardConstructor = (name: string, bytesOf: (args: unknown[]) => unknown): void => {
    const Original = scope[name] as (new (...args: unknown[]) => object) & { prototype: object };
    const Guarded: object = new OriginalProxy(Original, {
      construct(target, args, newTarget) {
        charge(bytesOf(args), `new ${name}()`);
        return construct(target, args, newTarget === Guarded ? target : newTarget);
      },
    });
    // Instances find their constructor (and so species) through the prototype: point it at the guard.
    defineProperty(Original.prototype, "constructor", { value: Guarded, writable: true, configurable: true });
    defineProperty(scope, name, { value: Guarded, writable: true, configurable: true });
  };
  guardConstructor("ArrayBuffer", (args) => {
    const options = args[1] as { maxByteLength?: unknown } | undefined;
    const most = options && typeof options === "object" ? Number(options.maxByteLength) : 0;
    return most > Number(args[0]) ? most : args[0];
  });
  for (const name of [
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Int32Array",
    "Uint32Array",
    "Float32Array",
    "Float64Array",
    "BigInt64Array",
    "BigUint64Array",
  ]) {
    const perElement = (scope[name] as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    guardConstructor(name, ([source]) => {
      if (typeof source !== "object" || source === null) return Number(source) * perElement;
      // A view on an existing buffer allocates nothing; an array-like is copied.
      if (source instanceof OriginalArrayBuffer) return 0;
      return Number((source as { length?: unknown }).length) * perElement;
    });
  }
  // These copy a typed array through the intrinsic constructor, not the guarded one.
  const typedArrayPrototype = getPrototypeOf(OriginalUint8Array.prototype) as Record<string, unknown>;
  for (const name of ["toReversed", "toSorted", "with"]) {
    const method = typedArrayPrototype[name];
    if (typeof method !== "function") continue;
    typedArrayPrototype[name] = function (this: { byteLength: number }, ...args: unknown[]) {
      charge(this.byteLength, `${name}()`);
      return apply(method, this, args);
    };
  }
  const bufferPrototype = OriginalArrayBuffer.prototype as unknown as Record<string, unknown>;
  for (const name of ["resize", "transfer", "transferToFixedLength"]) {
    const method = bufferPrototype[name];
    if (typeof method !== "function") continue;
    bufferPrototype[name] = function (this: ArrayBuffer, ...args: unknown[]) {
      charge(Number(args[0] ?? this.byteLength) - (name === "resize" ? this.byteLength : 0), `${name}()`);
      return apply(method, this, args);
    };
  }
  // Nothing in k6's init context needs them, and each is a way around the limits above.
  for (const name of ["SharedArrayBuffer", "Atomics", "WebAssembly"]) delete scope[name];

  const notInInit = (what: string): never => {
    throw new OriginalError(
      `${what} cannot be used in the init context; call it from a function the test runs`,
    );
  };
  const fixedArrayBuffer = (latin1: string): ArrayBuffer => {
    const buffer = new OriginalArrayBuffer(latin1.length);
    const bytes = new OriginalUint8Array(buffer);
    for (let index = 0; index < latin1.length; index++) bytes[index] = apply(charCodeAt, latin1, [index]);
    return buffer;
  };
  const open = (path: unknown, mode?: unknown): string | ArrayBuffer => {
    if (mode !== undefined && mode !== "b" && mode !== "") {
      throw new OriginalError(
        `open(): unknown mode "${String(mode)}"; use "b" for binary, or leave it out for text`,
      );
    }
    const name = String(path);
    const content = hostOpen(name, mode === "b");
    if (typeof content !== "string") {
      throw new OriginalError(
        `open(): "${name}" is not among the script's files; only files in the script's folder, sent with it, can be opened`,
      );
    }
    return mode === "b" ? fixedArrayBuffer(content) : content;
  };
  const deepFreeze = <T>(value: T): T => {
    if (value && typeof value === "object" && !isFrozen(value)) {
      freeze(value);
      for (const key of keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    }
    return value;
  };

  const requests = (method: string) => () => {
    throw new OriginalError(`http.${method}(): making HTTP requests in the init context is not supported`);
  };
  const metricClass = (kind: string) =>
    class {
      readonly name: string;
      constructor(name: unknown) {
        if (typeof name !== "string") throw new OriginalTypeError(`new ${kind}(name): name must be a string`);
        this.name = name;
      }
      add(): void {
        notInInit(`${this.name}.add()`);
      }
    };
  const sharedArrays: Record<string, readonly unknown[]> = {};
  const scenarioOnly = () => {
    throw new OriginalError(
      "exec.scenario is only available while a scenario runs, not in the init context or setup",
    );
  };
  const modules: Record<string, Record<string, unknown>> = {
    k6: {
      check: () => notInInit("check()"),
      group: (_name: unknown, fn: unknown) => (typeof fn === "function" ? fn() : undefined),
      sleep: () => notInInit("sleep()"),
      fail: (message?: unknown) => {
        throw new OriginalError(message === undefined ? "fail() called" : String(message));
      },
    },
    "k6/http": {
      get: requests("get"),
      head: requests("head"),
      post: requests("post"),
      put: requests("put"),
      patch: requests("patch"),
      del: requests("del"),
      options: requests("options"),
      request: requests("request"),
      asyncRequest: requests("asyncRequest"),
      batch: requests("batch"),
      cookieJar: () => notInInit("http.cookieJar()"),
      expectedStatuses: (...statuses: unknown[]) => freeze({ statuses }),
      setResponseCallback: () => undefined,
      url: (strings: readonly string[], ...values: unknown[]) =>
        strings.reduce((url, part, index) => url + String(values[index - 1]) + part),
      file: (data: unknown, filename?: unknown, contentType?: unknown) => ({
        data,
        filename,
        content_type: contentType,
      }),
    },
    "k6/metrics": {
      Counter: metricClass("Counter"),
      Gauge: metricClass("Gauge"),
      Rate: metricClass("Rate"),
      Trend: metricClass("Trend"),
    },
    "k6/data": {
      SharedArray: function SharedArray(name: unknown, build: unknown) {
        if (typeof name !== "string" || name === "") {
          throw new OriginalTypeError("new SharedArray(name, fn): name must be a non-empty string");
        }
        if (typeof build !== "function") {
          throw new OriginalTypeError(
            `new SharedArray("${name}", fn): fn must be a function returning an array`,
          );
        }
        const existing = sharedArrays[name];
        if (existing) return existing;
        const built = build();
        if (!isArray(built)) {
          throw new OriginalTypeError(
            `new SharedArray("${name}", fn): fn must return an array, it returned ${typeof built}`,
          );
        }
        sharedArrays[name] = deepFreeze(built);
        return built;
      },
    },
    "k6/execution": {
      vu: {
        idInTest: 0,
        idInInstance: 0,
        iterationInInstance: -1,
        iterationInScenario: -1,
        tags: {},
        metrics: { tags: {} },
      },
      scenario: {
        get name() {
          return scenarioOnly();
        },
        get executor() {
          return scenarioOnly();
        },
        get startTime() {
          return scenarioOnly();
        },
        get progress() {
          return scenarioOnly();
        },
        get iterationInInstance() {
          return scenarioOnly();
        },
        get iterationInTest() {
          return scenarioOnly();
        },
      },
      instance: {
        iterationsCompleted: 0,
        iterationsInterrupted: 0,
        vusActive: 0,
        vusInitialized: 0,
        currentTestRunDuration: 0,
      },
      test: {
        abort: (reason?: unknown) => {
          throw new OriginalError(
            reason ? `test aborted by the script: ${String(reason)}` : "test aborted by the script",
          );
        },
        options: {},
      },
    },
    "barrage:k6-summary": { textSummary: () => "", humanizeValue: (value: unknown) => String(value) },
  };
  const loaded: Record<string, unknown> = {};
  const require = (name: unknown): unknown => {
    const key = String(name);
    if (loaded[key]) return loaded[key];
    const module = modules[key];
    if (!module) throw new OriginalError(`unknown module "${key}"`);
    // esbuild's CommonJS interop reads `default` for `import http from "k6/http"`, as in the runner.
    defineProperty(module, "default", { value: module, enumerable: false });
    defineProperty(module, "__esModule", { value: true, enumerable: false });
    loaded[key] = module;
    return module;
  };
  // The sandbox has no output: console calls are accepted and dropped.
  const ignore = () => undefined;
  defineProperty(scope, "console", {
    value: freeze({ log: ignore, info: ignore, warn: ignore, error: ignore, debug: ignore, trace: ignore }),
    writable: true,
    configurable: true,
  });

  const text = (read: () => unknown): string => {
    try {
      return String(read());
    } catch {
      return "(a value that cannot be shown)";
    }
  };
  defineProperty(scope, "__barrageRun", {
    configurable: true,
    value: (factory: (...args: unknown[]) => Record<string, unknown>): string => {
      delete scope.__barrageRun;
      try {
        const exported = factory(require, open, freeze({ ...settings.env }), 0);
        const functions: string[] = [];
        for (const key of keys(exported))
          if (typeof exported[key] === "function") functions[functions.length] = key;
        const options = exported.options === undefined ? undefined : stringify(exported.options);
        return stringify({ ok: true, options, functions });
      } catch (error) {
        const thrown = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
        return stringify({
          ok: false,
          error: {
            name: text(() => (thrown && typeof thrown === "object" ? thrown.name : "Error")),
            message: text(() => (thrown && typeof thrown === "object" ? thrown.message : thrown)),
            stack: text(() => (thrown && typeof thrown === "object" ? thrown.stack : "")),
          },
        });
      }
    },
  });
}

/** The source of {@link installInitContext}, evaluated in the context to get the function there. */
export const INIT_CONTEXT_SOURCE = `"use strict";\n(${installInitContext.toString()})`;
