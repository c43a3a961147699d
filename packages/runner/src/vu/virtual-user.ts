import type { ScenarioRun } from "../execution/scenario-run.js";
import type { TagSeries } from "../metrics/engine.js";
import { type Tags, tagsKey } from "../metrics/tags.js";
import type { TestContext } from "../run/context.js";
import type { ModuleInstance, RequireFn } from "../script/compile.js";
import { IterationInterrupted, TestAbortRequested } from "./interrupt.js";

/** How one iteration ended. */
export type IterationOutcome = "completed" | "failed" | "interrupted";

const NEVER = new AbortController().signal;

/**
 * A virtual user: its own instance of the script's modules (init code ran once for it), its own
 * connections and cookies (held by the `k6/http` module), and the state k6 exposes to scripts
 * (`__VU`, `__ITER`, the current scenario and group).
 */
export class VirtualUser {
  /** `__ENV` as this VU's script sees it; updated in place when the VU moves to another scenario. */
  readonly env: Record<string, string>;
  instance: ModuleInstance | undefined;
  /** True while the script's init code runs for this VU (`open()` and metric declarations are allowed only then). */
  inInit = true;
  scenario: ScenarioRun | undefined;
  /** Aborted when this VU's current iteration must end at once. */
  signal: AbortSignal = NEVER;
  iterationInScenario = -1;
  iterationsInInstance = 0;
  groupPath = "";
  /** Per-VU objects of the script modules (the HTTP client, for instance), created on first use. */
  readonly modules = new Map<string, unknown>();
  readonly #iterationEndHooks: (() => void)[] = [];
  readonly #closeHooks: (() => Promise<void> | undefined)[] = [];
  #customTags: Record<string, string> | undefined;
  #series = new Map<string, TagSeries>();
  #tags: Tags = {};
  #tagsKey = "";
  /** The environment {@link env} was last filled from, so that moving between scenarios with the same one copies nothing. */
  #envSource: Readonly<Record<string, string>>;
  #setupJson: string | undefined;
  #setupData: unknown;
  #setupParsed = false;

  constructor(
    /** `__VU`: 1-based id in the test (0 for the VU that runs setup and teardown). */
    readonly id: number,
    /** 1-based id among this instance's VUs. */
    readonly idInInstance: number,
    readonly ctx: TestContext,
  ) {
    this.env = { ...ctx.env };
    this.#envSource = ctx.env;
  }

  /** Runs the script's init context for this VU. Throws what the init code throws. */
  init(require: RequireFn): void {
    this.inInit = true;
    try {
      this.instance = this.ctx.script.factory(require, (p, mode) => this.#open(p, mode), this.env, this.id);
    } finally {
      this.inInit = false;
    }
  }

  /** Runs `hook` after each iteration (the HTTP module resets the cookie jar there, as k6 does). */
  onIterationEnd(hook: () => void): void {
    this.#iterationEndHooks.push(hook);
  }

  /** Runs `hook` when the test ends, to release what the VU holds (connections). */
  onClose(hook: () => Promise<void> | undefined): void {
    this.#closeHooks.push(hook);
  }

  /** Releases everything this VU holds. */
  async close(): Promise<void> {
    await Promise.all(this.#closeHooks.map((hook) => hook()));
  }

  #open(filePath: string, mode?: string): string | ArrayBuffer {
    if (!this.inInit) throw new Error("open() can only be called in the init context (outside any function)");
    return this.ctx.files.open(filePath, mode);
  }

  /** Hands the data `setup()` returned (as JSON) to this VU; each VU gets its own copy on first use. */
  setSetupData(json: string | undefined): void {
    this.#setupJson = json;
    this.#setupParsed = false;
  }

  get setupData(): unknown {
    if (!this.#setupParsed) {
      this.#setupData = this.#setupJson === undefined ? undefined : JSON.parse(this.#setupJson);
      this.#setupParsed = true;
    }
    return this.#setupData;
  }

  /** Moves this VU into a scenario: its env, tags and iteration numbering. */
  join(run: ScenarioRun, signal: AbortSignal): void {
    if (this.scenario !== run) {
      if (this.#envSource !== run.env) {
        for (const key of Object.keys(this.env)) delete this.env[key];
        Object.assign(this.env, run.env);
        this.#envSource = run.env;
      }
      this.scenario = run;
      this.iterationInScenario = -1;
      this.#series.clear();
      this.#retag();
    }
    this.signal = signal;
  }

  /** Tags of this VU's samples now: scenario, group, the script's `exec.vu.tags`. */
  get tags(): Tags {
    return this.#tags;
  }

  /** The key of {@link tags}, for callers that extend it with their own tags. */
  get tagsKey(): string {
    return this.#tagsKey;
  }

  /** The series of this VU's current tag set. */
  series(): TagSeries {
    let set = this.#series.get(this.groupPath);
    if (!set) {
      const tags = this.#tags;
      set = this.ctx.engine.byKey(this.#tagsKey, () => tags);
      this.#series.set(this.groupPath, set);
    }
    return set;
  }

  /** Sets a tag on every later sample of this VU (`exec.vu.tags[name] = value`). */
  setTag(name: string, value: unknown): void {
    this.#customTags = { ...this.#customTags, [name]: String(value) };
    this.#series.clear();
    this.#retag();
  }

  deleteTag(name: string): void {
    if (!this.#customTags || !(name in this.#customTags)) return;
    const { [name]: _, ...rest } = this.#customTags;
    this.#customTags = rest;
    this.#series.clear();
    this.#retag();
  }

  get customTags(): Readonly<Record<string, string>> {
    return this.#customTags ?? {};
  }

  /** Enters a group; returns the path to restore when it ends. */
  enterGroup(name: string): string {
    const previous = this.groupPath;
    this.groupPath = this.ctx.groups.enter(previous, name);
    this.#retag();
    return previous;
  }

  leaveGroup(previous: string): void {
    this.groupPath = previous;
    this.#retag();
  }

  #retag(): void {
    const tags: Record<string, string> = {
      ...this.scenario?.tags,
      ...this.#customTags,
      group: this.groupPath,
    };
    this.#tags = Object.freeze(tags);
    this.#tagsKey = tagsKey(tags);
  }

  /**
   * Runs one iteration of the current scenario's function and records `iterations` and
   * `iteration_duration` for it. Never rejects: exceptions are logged with the script's stack.
   */
  async iterate(): Promise<IterationOutcome> {
    const run = this.scenario;
    const instance = this.instance;
    if (!run || !instance) throw new Error("iterate() before init() and join()");
    const fn = instance.exports[run.exec] as (data: unknown) => unknown;
    this.iterationInScenario++;
    this.iterationsInInstance++;
    run.iterationsStarted++;
    instance.setIteration(this.iterationInScenario);
    const ctx = this.ctx;
    const started = performance.now();
    let outcome: IterationOutcome = "completed";
    try {
      await fn(this.setupData);
    } catch (error) {
      outcome = this.#failure(error);
    }
    if (this.groupPath !== "") this.leaveGroup("");
    for (const hook of this.#iterationEndHooks) hook();
    if (outcome === "interrupted" || this.signal.aborted) {
      ctx.stats.iterationsInterrupted++;
      return "interrupted";
    }
    const min = ctx.options.minIterationDuration;
    const elapsed = performance.now() - started;
    if (min > 0 && elapsed < min) await new Promise((r) => setTimeout(r, min - elapsed));
    const series = this.series();
    series.add(ctx.metrics.iterations, 1);
    series.add(ctx.metrics.iteration_duration, performance.now() - started);
    if (outcome === "failed") ctx.stats.iterationsFailed++;
    ctx.stats.iterationsCompleted++;
    return outcome;
  }

  #failure(error: unknown): IterationOutcome {
    if (
      error instanceof IterationInterrupted ||
      (this.signal.aborted && (error as Error)?.name === "AbortError")
    ) {
      return "interrupted";
    }
    if (error instanceof TestAbortRequested) {
      this.ctx.abort.abort("script", error.message);
      return "interrupted";
    }
    const described = this.ctx.script.describeError(error);
    const where = described.position ? `${described.position.file}:${described.position.line}` : "";
    this.ctx.errors.error(
      `${where} ${described.message}`,
      `iteration failed (VU ${this.id}, scenario ${this.scenario?.name}): ${described.stack}`,
    );
    return "failed";
  }
}
