/**
 * Endpoints that misbehave under load on purpose, to give the performance insights
 * something to find: a throughput ceiling (`/saturate`) and latency that creeps up (`/degrade`).
 */
import { answerAfter, MAX_DELAY_MS } from "./latency-routes.js";
import { numberParam } from "./params.js";
import { HttpError } from "./respond.js";

/**
 * At most `capacity` holders at once; the rest wait in arrival order.
 */
class Pool {
  /** @param {number} capacity */
  constructor(capacity) {
    this.capacity = capacity;
    this.busy = 0;
    /** @type {(() => void)[]} */
    this.waiting = [];
  }

  /** @returns {Promise<void>} */
  acquire() {
    if (this.busy < this.capacity) {
      this.busy++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release() {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `busy` only drops when nobody waits.
    if (next) next();
    else this.busy--;
  }
}

/**
 * @param {{ startedAt: number }} clock `startedAt` is the server's start (performance.now()).
 * @returns {import("./router.js").Route[]}
 */
export function loadModeRoutes({ startedAt }) {
  /** @type {Map<number, Pool>} one pool per capacity, shared by every request naming it */
  const pools = new Map();
  let degradeInFlight = 0;

  return [
    {
      method: "GET",
      path: "/saturate",
      handle: async ({ res, query }) => {
        const capacity = numberParam(query, "capacity", { default: 20, min: 1, max: 100_000, integer: true });
        const ms = numberParam(query, "ms", { default: 10, min: 0, max: MAX_DELAY_MS });
        let pool = pools.get(capacity);
        if (!pool) {
          pool = new Pool(capacity);
          pools.set(capacity, pool);
        }
        await pool.acquire();
        try {
          await answerAfter(res, ms);
        } finally {
          pool.release();
        }
      },
    },
    {
      method: "GET",
      path: "/degrade",
      handle: async ({ res, query }) => {
        const by = query.get("by") ?? "time";
        const after = numberParam(query, "after", { default: 10, min: 0, max: 1_000_000 });
        const ms = numberParam(query, "ms", { default: 5, min: 0, max: MAX_DELAY_MS });
        const slope = numberParam(query, "slope", { default: 2, min: 0, max: MAX_DELAY_MS });
        let load;
        if (by === "time") load = (performance.now() - startedAt) / 1000;
        else if (by === "concurrency") load = degradeInFlight;
        else throw new HttpError(400, `query parameter by=${by} must be time or concurrency`);
        degradeInFlight++;
        try {
          await answerAfter(res, Math.min(MAX_DELAY_MS, ms + slope * Math.max(0, load - after)));
        } finally {
          degradeInFlight--;
        }
      },
    },
  ];
}
