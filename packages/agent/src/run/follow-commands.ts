import type { Logger } from "@barrage/runner";
import {
  type AgentClient,
  type Command,
  describeError,
  type StateReport,
  type UnknownCommand,
} from "../transport/index.js";
import { exitCodeOf } from "./exit-code.js";
import type { RunnerSession } from "./runner-session.js";
import { waitUntil } from "./start-at.js";
import type { StateReporter } from "./state-reporter.js";

/** What following the coordinator needs. */
export interface FollowOptions {
  client: AgentClient;
  session: RunnerSession;
  reporter: StateReporter;
  logger: Logger;
  /** Aborting it stops the test (as a signal does) and ends the agent once the end is reported. */
  signal?: AbortSignal;
  /** How long to wait, after finishing, for `run-teardown` or `stop`, ms. */
  lingerMs: number;
}

/**
 * Follows the coordinator's commands in `seq` order until the agent is done, and returns the exit
 * code. The agent is done after `run-teardown` has run, on `stop` once the test has ended, when
 * nothing comes within `lingerMs` of the end, when the command poll is refused after the end
 * (the run is over for the API), or when `signal` aborts. The runner's end is reported as
 * `finished` (with its exit code) or `failed` (with the reason) as soon as it happens.
 */
export function followCommands(options: FollowOptions): Promise<{ exitCode: number }> {
  return new CommandFollower(options).follow();
}

class CommandFollower {
  readonly #o: FollowOptions;
  /** Aborted when the agent is done: ends the poll loop and cancels the poll in flight. */
  readonly #done = new AbortController();
  readonly #ended: Promise<void>;
  #exitCode: number | undefined;
  #after = 0;
  #startTimer: AbortController | undefined;
  #linger: NodeJS.Timeout | undefined;

  constructor(options: FollowOptions) {
    this.#o = options;
    this.#ended = this.#reportEnd();
  }

  async follow(): Promise<{ exitCode: number }> {
    const { signal, session } = this.#o;
    const onSignal = () => {
      this.#startTimer?.abort();
      session.stopBySignal();
    };
    signal?.addEventListener("abort", onSignal, { once: true });
    if (signal?.aborted) onSignal();
    const polling = signal ? AbortSignal.any([signal, this.#done.signal]) : this.#done.signal;
    try {
      while (!polling.aborted) {
        let commands: (Command | UnknownCommand)[];
        try {
          commands = await this.#o.client.commands(this.#after, polling);
        } catch (error) {
          if (polling.aborted) break;
          await this.#lostCoordinator(error);
          break;
        }
        for (const command of commands) {
          if (command.seq <= this.#after) continue;
          this.#after = command.seq;
          if (command.type === "unknown")
            this.#o.logger.warn(`skipping command ${command.seq} of unknown type "${command.name}"`);
          else await this.#handle(command);
          if (this.#done.signal.aborted) break;
        }
      }
      await this.#ended;
      return { exitCode: this.#exitCode ?? 0 };
    } finally {
      clearTimeout(this.#linger);
      this.#startTimer?.abort();
      signal?.removeEventListener("abort", onSignal);
    }
  }

  async #handle(command: Command): Promise<void> {
    const { session, logger } = this.#o;
    switch (command.type) {
      case "run-setup": {
        const result = await session.runSetup();
        if ("error" in result) logger.error(`setup() failed: ${result.error}`);
        await this.#o.client
          .reportSetupResult(result)
          .catch((error) => logger.error(`could not report the result of setup(): ${describeError(error)}`));
        return;
      }
      case "set-setup-data":
        session.setSetupData(command.data);
        return;
      case "start":
        this.#scheduleStart(command.atEpochMs);
        return;
      case "stop":
        if (this.#exitCode !== undefined) {
          logger.info(`released by the coordinator: ${command.reason}`);
          this.#done.abort();
          return;
        }
        logger.warn(`stopping the test at the coordinator's request: ${command.reason}`);
        this.#startTimer?.abort();
        session.stop();
        return;
      case "run-teardown":
        await this.#teardown();
        return;
    }
  }

  #scheduleStart(atEpochMs: number): void {
    const { logger, session, reporter } = this.#o;
    if (this.#startTimer || this.#exitCode !== undefined) {
      logger.warn("ignoring a start command: the test was already started or has ended");
      return;
    }
    const late = Date.now() - atEpochMs;
    if (late > 0) logger.warn(`the start instant passed ${late} ms ago; starting now`);
    const timer = new AbortController();
    this.#startTimer = timer;
    void waitUntil(atEpochMs, timer.signal)
      .then((reached) => {
        if (!reached || timer.signal.aborted) return;
        session.start();
        void reporter.reportOrLog({ state: "running", vus: session.vus });
      })
      .catch((error) => logger.error(`could not start the test: ${describeError(error)}`));
  }

  /** Waits for the runner to end and reports how it ended; then lingers for teardown or release. */
  async #reportEnd(): Promise<void> {
    const { session, reporter, logger } = this.#o;
    let report: StateReport;
    try {
      const result = await session.result;
      report = {
        state: "finished",
        exitCode: result.exitCode,
        iterations: result.stats.iterationsCompleted,
        detail: result.aborted ? `${result.aborted.cause}: ${result.aborted.reason}` : undefined,
      };
    } catch (error) {
      logger.error(`the test failed: ${describeError(error)}`);
      report = { state: "failed", exitCode: exitCodeOf(error), detail: describeError(error) };
    }
    this.#startTimer?.abort();
    this.#exitCode = report.exitCode;
    await reporter.reportOrLog(report);
    this.#linger = setTimeout(() => {
      logger.info(`no teardown or release within ${this.#o.lingerMs} ms of the end; exiting`);
      this.#done.abort();
    }, this.#o.lingerMs);
  }

  /** `teardown()` runs once the test has ended here, then the agent is done. */
  async #teardown(): Promise<void> {
    const { session, reporter, logger } = this.#o;
    await this.#ended;
    clearTimeout(this.#linger);
    try {
      await session.runTeardown();
      await reporter.reportOrLog({
        state: "finished",
        exitCode: this.#exitCode,
        detail: "teardown finished",
      });
    } catch (error) {
      logger.error(`teardown() failed: ${describeError(error)}`);
      this.#exitCode = exitCodeOf(error);
      await reporter.reportOrLog({
        state: "failed",
        exitCode: this.#exitCode,
        detail: `teardown failed: ${describeError(error)}`,
      });
    }
    this.#done.abort();
  }

  /**
   * The poll was refused (4xx) or answered out of protocol. After the end that means the API is
   * done with this run; before it, the agent can no longer be coordinated, so it stops the test.
   */
  async #lostCoordinator(error: unknown): Promise<void> {
    const { logger, session } = this.#o;
    if (this.#exitCode !== undefined) {
      logger.info(`the API ended the command poll after the test: ${describeError(error)}`);
      return;
    }
    logger.error(`lost the coordinator, stopping the test: ${describeError(error)}`);
    this.#startTimer?.abort();
    session.stop();
    await this.#ended;
    throw error;
  }
}
