import type pg from "pg";

/** An open `LISTEN` and the way to stop it. */
export interface PgListener {
  close(): Promise<void>;
}

/** Options of {@link listen}. */
export interface ListenOptions {
  /** Called after the connection was lost and listening resumed: notifications sent meanwhile are gone. */
  onResume: () => void;
  log: (message: string) => void;
}

const RECONNECT_DELAY_MS = 1000;

/**
 * Listens on `channels` through one dedicated pooled connection and hands each notification to
 * `onNotification`. When the connection is lost it listens again (every second until it can) and
 * then calls `onResume`, so that the caller re-reads whatever it may have missed.
 *
 * @example
 * const listener = await listen(pool, [AGENT_EVENTS_CHANNEL], (channel, payload) => wake(payload),
 *   { onResume: wakeAll, log: logger.warn });
 */
export async function listen(
  pool: pg.Pool,
  channels: readonly string[],
  onNotification: (channel: string, payload: string | undefined) => void,
  options: ListenOptions,
): Promise<PgListener> {
  let client: pg.PoolClient | undefined;
  let detach = (): void => {};
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const connect = async (): Promise<void> => {
    const next = await pool.connect();
    const onMessage = (message: pg.Notification) => onNotification(message.channel, message.payload);
    const onError = (error: Error) => lost(next, error);
    next.on("notification", onMessage);
    next.once("error", onError);
    // A pooled client outlives this listener: leave nothing of it attached when it goes back.
    detach = () => {
      next.off("notification", onMessage);
      next.off("error", onError);
    };
    try {
      for (const channel of channels) await next.query(`listen ${channel}`);
    } catch (error) {
      detach();
      next.release(error as Error);
      throw error;
    }
    client = next;
  };

  const lost = (which: pg.PoolClient, error: Error): void => {
    if (client !== which) return;
    client = undefined;
    detach();
    which.release(error);
    if (closed) return;
    options.log(`lost the LISTEN connection for ${channels.join(", ")} (${error.message}); listening again`);
    const again = (): void => {
      retry = setTimeout(() => {
        if (closed) return;
        connect().then(options.onResume, (cause: Error) => {
          options.log(`cannot LISTEN on ${channels.join(", ")} yet (${cause.message}); retrying`);
          again();
        });
      }, RECONNECT_DELAY_MS);
    };
    again();
  };

  try {
    await connect();
  } catch (error) {
    throw new Error(`cannot LISTEN on ${channels.join(", ")}: ${(error as Error).message}`, { cause: error });
  }
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      const current = client;
      client = undefined;
      if (!current) return;
      try {
        await current.query("unlisten *");
        detach();
        current.release();
      } catch (error) {
        detach();
        current.release(error as Error);
      }
    },
  };
}
