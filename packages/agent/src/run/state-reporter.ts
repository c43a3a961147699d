import type { Logger } from "@barrage/runner";
import { type AgentClient, describeError, type StateReport } from "../transport/index.js";

/**
 * Sends state reports one after the other, so that the API sees `ready`, `running`, `finished`
 * in the order they happened even when one of them has to be retried.
 */
export class StateReporter {
  #last: Promise<void> = Promise.resolve();

  constructor(
    readonly client: AgentClient,
    readonly logger: Logger,
  ) {}

  /** Queues a report; the promise settles when it was delivered, or rejects with why it could not be. */
  report(report: StateReport): Promise<void> {
    const sent = this.#last.then(() => this.client.reportState(report));
    this.#last = sent.catch(() => undefined);
    return sent;
  }

  /** Queues a report whose failure is logged rather than thrown: the run goes on either way. */
  reportOrLog(report: StateReport): Promise<void> {
    return this.report(report).catch((error) => {
      this.logger.error(`could not report state "${report.state}" to the API: ${describeError(error)}`);
    });
  }
}
