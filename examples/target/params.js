/**
 * Reading numeric query parameters with bounds, so that a typo in a test script gets a 400
 * naming the parameter and the allowed range instead of a silently wrong behaviour.
 */
import { HttpError } from "./respond.js";

/**
 * @typedef {object} NumberRule
 * @property {number} default Used when the parameter is absent.
 * @property {number} min Smallest allowed value.
 * @property {number} max Largest allowed value.
 * @property {boolean} [integer] Whether only whole numbers are allowed.
 */

/**
 * Reads query parameter `name` as a number within the rule's bounds.
 * @example numberParam(query, "ms", { default: 20, min: 0, max: 60_000 }) // ?ms=35 -> 35
 * @param {URLSearchParams} query
 * @param {string} name
 * @param {NumberRule} rule
 * @returns {number}
 */
export function numberParam(query, name, rule) {
  const raw = query.get(name);
  if (raw === null || raw === "") return rule.default;
  const value = Number(raw);
  const kind = rule.integer ? "an integer" : "a number";
  if (
    !Number.isFinite(value) ||
    (rule.integer && !Number.isInteger(value)) ||
    value < rule.min ||
    value > rule.max
  ) {
    throw new HttpError(
      400,
      `query parameter ${name}=${raw} must be ${kind} from ${rule.min} to ${rule.max}`,
    );
  }
  return value;
}
