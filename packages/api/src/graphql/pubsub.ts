import { EventEmitter, on } from "node:events";
import type pg from "pg";
import { METRICS_CHANNEL, type MetricsNotification } from "../metrics/index.js";
import { RUN_CHANNEL, type RunChange } from "../runs/notify.js";

/** How long to wait before listening again after the LISTEN connection was lost. */
const RECONNECT_DELAY_MS = 1000;

/** The channels the hub listens on, each with the prefix of its in-process events (`run:<id>`). */
const CHANNELS: Readonly<Record<string, string>> = { [RUN_CHANNEL]: "run:", [METRICS_CHANNEL]: "metrics:" };

/**
 * Fans `barrage_run` (status changes) and `barrage_metrics` (metric batches stored) notifications
 * out to the subscriptions of this process through one dedicated `LISTEN` connection, rather than
 * one connection per subscriber.
 *
 * If that connection is lost, the hub listens again and then wakes every subscriber with a
 * `null` change, since notifications sent meanwhile are gone: subscribers re-read what they show.
 *
 * @example
 * const hub = await NotificationHub.start(pool);
 * for await (const [change] of hub.changes(runId, signal)) { ... }
 */
export class NotificationHub {
  readonly #pool: pg.Pool;
  readonly #log: (message: string) => void;
  readonly #emitter = new EventEmitter();
  #client: pg.PoolClient | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(pool: pg.Pool, log: (message: string) => void) {
    this.#pool = pool;
    this.#log = log;
    // One listener per live subscription, so there is no sensible maximum.
    this.#emitter.setMaxListeners(0);
  }

  /** Opens the LISTEN connection; resolves once notifications flow. */
  static async start(
    pool: pg.Pool,
    log: (message: string) => void = console.error,
  ): Promise<NotificationHub> {
    const hub = new NotificationHub(pool, log);
    try {
      await hub.#listen();
    } catch (error) {
      throw new Error(`Could not LISTEN on ${Object.keys(CHANNELS).join(", ")} for live run updates`, {
        cause: error,
      });
    }
    return hub;
  }

  /**
   * The changes of one run as an async iterator of `[change]` tuples, `[null]` meaning "may have
   * missed some". Listening starts at once; buffered until read. Ends when `signal` aborts or
   * the iterator is returned.
   */
  changes(runId: number, signal?: AbortSignal): AsyncIterator<[RunChange | null]> {
    return this.#events(RUN_CHANNEL, runId, signal) as AsyncIterator<[RunChange | null]>;
  }

  /**
   * The metric batches of one run as they are stored, like {@link changes}: `[null]` means "may
   * have missed some".
   */
  metricBatches(runId: number, signal?: AbortSignal): AsyncIterator<[MetricsNotification | null]> {
    return this.#events(METRICS_CHANNEL, runId, signal) as AsyncIterator<[MetricsNotification | null]>;
  }

  #events(channel: string, runId: number, signal?: AbortSignal): AsyncIterator<unknown> {
    return on(this.#emitter, `${CHANNELS[channel]}${runId}`, signal ? { signal } : {});
  }

  /** Stops listening. Iterators already handed out stay open until their consumers return them. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    try {
      await client.query("unlisten *");
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  }

  async #listen(): Promise<void> {
    const client = await this.#pool.connect();
    client.on("notification", (message) => {
      if (message.payload) this.#dispatch(message.channel, message.payload);
    });
    client.once("error", (error) => this.#lost(client, error));
    try {
      await client.query(
        Object.keys(CHANNELS)
          .map((channel) => `listen ${channel}`)
          .join("; "),
      );
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    this.#client = client;
  }

  #dispatch(channel: string, payload: string): void {
    const prefix = CHANNELS[channel];
    if (prefix === undefined) return;
    let event: RunChange | MetricsNotification;
    try {
      event = JSON.parse(payload) as RunChange | MetricsNotification;
    } catch {
      this.#log(`Ignoring a ${channel} notification that is not JSON`);
      return;
    }
    this.#emitter.emit(`${prefix}${event.runId}`, event);
  }

  #lost(client: pg.PoolClient, error: Error): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.release(error);
    if (this.#closed) return;
    this.#log(`Lost the LISTEN connection for live run updates (${error.message}); listening again`);
    const retry = () => {
      this.#retry = setTimeout(() => {
        if (this.#closed) return;
        this.#listen().then(
          () => {
            // Only the run events: `on()` also listens for "error", which must not fire.
            const prefixes = Object.values(CHANNELS);
            for (const name of this.#emitter.eventNames()) {
              if (typeof name === "string" && prefixes.some((p) => name.startsWith(p)))
                this.#emitter.emit(name, null);
            }
          },
          (cause: Error) => {
            this.#log(`Could not LISTEN for live run updates again (${cause.message}); retrying`);
            retry();
          },
        );
      }, RECONNECT_DELAY_MS);
    };
    retry();
  }
}
