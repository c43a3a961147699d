/**
 * Endpoints with a chosen latency or failure rate: the knobs for checking that a load
 * generator measures what the server does (trend percentiles, http_req_failed, thresholds).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { numberParam } from "./params.js";
import { HttpError, sendJson } from "./respond.js";

/** No single request waits longer than a minute, whatever the query asks. */
export const MAX_DELAY_MS = 60_000;

/** @param {{ min: number, max: number }} bounds */
function uniform({ min, max }) {
  return min + Math.random() * (max - min);
}

/**
 * Log-normal with the given median: response times of real services have this shape
 * (a bulk around the median and a long right tail).
 * @param {{ median: number, sigma: number }} shape
 */
function lognormal({ median, sigma }) {
  // Box-Muller; 1 - random() keeps the logarithm's argument above zero.
  const z = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
  return Math.min(MAX_DELAY_MS, median * Math.exp(sigma * z));
}

/**
 * Waits `ms` then answers `{delayMs}`.
 * @param {import("node:http").ServerResponse} res
 * @param {number} ms
 */
export async function answerAfter(res, ms) {
  if (ms > 0) await sleep(ms);
  sendJson(res, 200, { delayMs: Math.round(ms * 1000) / 1000 });
}

/** @param {URLSearchParams} query */
function randomDelay(query) {
  const dist = query.get("dist") ?? "uniform";
  const bound = { min: 0, max: MAX_DELAY_MS };
  if (dist === "uniform") {
    const min = numberParam(query, "min", { ...bound, default: 5 });
    const max = numberParam(query, "max", { ...bound, default: 50, min });
    return uniform({ min, max });
  }
  if (dist === "lognormal") {
    const median = numberParam(query, "median", { ...bound, default: 20 });
    const sigma = numberParam(query, "sigma", { default: 0.5, min: 0, max: 3 });
    return lognormal({ median, sigma });
  }
  throw new HttpError(400, `query parameter dist=${dist} must be uniform or lognormal`);
}

/** @returns {import("./router.js").Route[]} */
export function latencyRoutes() {
  return [
    {
      method: "GET",
      path: "/fixed",
      handle: ({ res, query }) =>
        answerAfter(res, numberParam(query, "ms", { default: 20, min: 0, max: MAX_DELAY_MS })),
    },
    { method: "GET", path: "/random", handle: ({ res, query }) => answerAfter(res, randomDelay(query)) },
    {
      method: "GET",
      path: "/error",
      handle: ({ res, query }) => {
        const rate = numberParam(query, "rate", { default: 0.1, min: 0, max: 1 });
        const status = numberParam(query, "status", { default: 500, min: 400, max: 599, integer: true });
        const failed = Math.random() < rate;
        sendJson(res, failed ? status : 200, { failed });
      },
    },
  ];
}
