import { EventEmitter, on } from "node:events";
import type pg from "pg";
import { RUN_CHANNEL, type RunChange } from "../runs/notify.js";

/** How long to wait before listening again after the LISTEN connection was lost. */
const RECONNECT_DELAY_MS = 1000;

/** Prefix of the in-process event names, one per run: `run:<id>`. */
const EVENT_PREFIX = "run:";

/**
 * Fans `barrage_run` notifications out to the subscriptions of this process through one
 * dedicated `LISTEN` connection, rather than one connection per subscriber.
 *
 * If that connection is lost, the hub listens again and then wakes every subscriber with a
 * `null` change, since notifications sent meanwhile are gone: subscribers re-read what they show.
 *
 * @example
 * const hub = await RunChangeHub.start(pool);
 * for await (const [change] of hub.changes(runId, signal)) { ... }
 */
export class RunChangeHub {
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
  static async start(pool: pg.Pool, log: (message: string) => void = console.error): Promise<RunChangeHub> {
    const hub = new RunChangeHub(pool, log);
    try {
      await hub.#listen();
    } catch (error) {
      throw new Error(`Could not LISTEN on ${RUN_CHANNEL} for live run updates`, { cause: error });
    }
    return hub;
  }

  /**
   * The changes of one run as an async iterator of `[change]` tuples, `[null]` meaning "may have
   * missed some". Listening starts at once; buffered until read. Ends when `signal` aborts or
   * the iterator is returned.
   */
  changes(runId: number, signal?: AbortSignal): AsyncIterator<[RunChange | null]> {
    return on(this.#emitter, eventName(runId), signal ? { signal } : {}) as AsyncIterator<[RunChange | null]>;
  }

  /** Stops listening. Iterators already handed out stay open until their consumers return them. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    try {
      await client.query(`unlisten ${RUN_CHANNEL}`);
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
  }

  async #listen(): Promise<void> {
    const client = await this.#pool.connect();
    client.on("notification", (message) => {
      if (message.channel === RUN_CHANNEL && message.payload) this.#dispatch(message.payload);
    });
    client.once("error", (error) => this.#lost(client, error));
    try {
      await client.query(`listen ${RUN_CHANNEL}`);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    this.#client = client;
  }

  #dispatch(payload: string): void {
    let change: RunChange;
    try {
      change = JSON.parse(payload) as RunChange;
    } catch {
      this.#log(`Ignoring a ${RUN_CHANNEL} notification that is not JSON`);
      return;
    }
    this.#emitter.emit(eventName(change.runId), change);
  }

  #lost(client: pg.PoolClient, error: Error): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.release(error);
    if (this.#closed) return;
    this.#log(`Lost the ${RUN_CHANNEL} LISTEN connection (${error.message}); listening again`);
    const retry = () => {
      this.#retry = setTimeout(() => {
        if (this.#closed) return;
        this.#listen().then(
          () => {
            // Only the run events: `on()` also listens for "error", which must not fire.
            for (const name of this.#emitter.eventNames()) {
              if (typeof name === "string" && name.startsWith(EVENT_PREFIX)) this.#emitter.emit(name, null);
            }
          },
          (cause: Error) => {
            this.#log(`Could not LISTEN on ${RUN_CHANNEL} again (${cause.message}); retrying`);
            retry();
          },
        );
      }, RECONNECT_DELAY_MS);
    };
    retry();
  }
}

function eventName(runId: number): string {
  return `${EVENT_PREFIX}${runId}`;
}
