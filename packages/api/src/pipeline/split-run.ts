import { ExecutionTuple, maxPossibleVUs, type Scenario } from "@barrage/runner";
import type { LoadZone } from "./deps.js";
import type { ZoneShare } from "./distribution.js";

/** One instance of a plan: where it runs and its execution segment of the plan's sequence. */
export interface PlannedInstance {
  label: string;
  loadZone: string;
  /** Canonical segment, e.g. `"0:3/10"`. */
  segment: string;
  /** The VUs it initialises: the runner's max possible VUs for its segment. */
  vus: number;
}

/** How a run is split across zones and instances; stored as `test_runs.plan`. */
export interface RunPlan {
  /** The one segment sequence every instance shares, canonical. */
  sequence: string;
  maxVUs: number;
  zones: { label: string; loadZone: string; percent: number; vusPerInstance: number; instances: number }[];
  instances: PlannedInstance[];
}

/** Rounds of {@link splitRun} before it gives up; a split that fits at all fits within two or three. */
const MAX_ROUNDS = 16;

/**
 * The most instances of one run. Each instance's segment is striped against the whole sequence,
 * so planning grows with the square of the count; a run this large needs bigger instances.
 */
export const MAX_INSTANCES = 500;

/** A run that cannot be split within the zones' limits; its message says why. */
export class PlanError extends Error {
  override readonly name = "PlanError";
}

/** A share of the test with the zone that serves it. */
export interface ZoneAssignment {
  share: ZoneShare;
  zone: LoadZone;
}

/**
 * Splits a run across its zones by their percent, and each zone's part across as many instances as
 * keep every instance within the zone's VUs per agent. All instances get segments of ONE sequence:
 * a zone's percent divided equally among its instances, so each instance's share of every count
 * (VUs, iterations, rates) is exactly what the striping of k6 segments gives it, and the shares of
 * all instances add up to the whole test (reference/k6-semantics.md).
 *
 * An instance's VUs are the runner's own figure for its segment, so the limit holds for what the
 * agent will really initialise. Throws {@link PlanError} when no split fits (more VUs per instance
 * than the zone allows however many instances, or a sequence too fine to stripe).
 *
 * @example
 * splitRun(options.scenarios, [{ share: { label: "eu", loadZone: "local", percent: 100 }, zone }])
 */
export function splitRun(scenarios: readonly Scenario[], assignments: readonly ZoneAssignment[]): RunPlan {
  const whole = ExecutionTuple.create();
  const maxVUs = maxPossibleVUs(scenarios, whole);
  const counts = assignments.map(({ share, zone }) =>
    Math.max(1, Math.ceil((maxVUs * share.percent) / 100 / zone.vusPerAgent)),
  );
  // Each round grows every zone still over its limit by the factor it is over (at least one more
  // instance); shares shrink with each instance, so a fit comes within a few rounds unless the limit
  // is below what the smallest share needs (one VU of each scenario that overlaps in time).
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const total = counts.reduce((sum, count) => sum + count, 0);
    if (total > MAX_INSTANCES) {
      throw new PlanError(
        `the run's ${maxVUs} VUs would need more than ${MAX_INSTANCES} instances at the zones' VUs per agent`,
      );
    }
    const instances = segmentsFor(assignments, counts).map(({ label, loadZone, segment, sequence }) => {
      const tuple = tupleOf(segment, sequence);
      return {
        label,
        loadZone,
        segment: String(tuple.segment),
        sequence: String(tuple.sequence),
        vus: maxPossibleVUs(scenarios, tuple),
      };
    });
    let fits = true;
    assignments.forEach(({ share, zone }, index) => {
      const most = Math.max(...instances.filter((i) => i.label === share.label).map((i) => i.vus));
      if (most > zone.vusPerAgent) {
        const count = counts[index] ?? 1;
        counts[index] = Math.max(count + 1, Math.ceil((count * most) / zone.vusPerAgent));
        fits = false;
      }
    });
    if (fits) {
      return {
        sequence: instances[0]?.sequence ?? String(whole.sequence),
        maxVUs,
        zones: assignments.map(({ share, zone }, index) => ({
          label: share.label,
          loadZone: share.loadZone,
          percent: share.percent,
          vusPerInstance: zone.vusPerAgent,
          instances: counts[index] ?? 1,
        })),
        instances: instances.map(({ label, loadZone, segment, vus }) => ({ label, loadZone, segment, vus })),
      };
    }
  }
  throw new PlanError(
    `the run's ${maxVUs} VUs cannot be split so that each instance stays within its zone's VUs per agent`,
  );
}

/**
 * The segments of every instance as fractions over one denominator, 100 times the least common
 * multiple of the instance counts, so that every boundary is exact (BigInt: the multiple can be large).
 */
function segmentsFor(assignments: readonly ZoneAssignment[], counts: readonly number[]) {
  const multiple = counts.reduce((acc, count) => lcm(acc, BigInt(count)), 1n);
  const denominator = 100n * multiple;
  const point = (numerator: bigint) => (numerator === 0n ? "0" : `${numerator}/${denominator}`);
  const segments: { label: string; loadZone: string; from: bigint; to: bigint }[] = [];
  let at = 0n;
  assignments.forEach(({ share }, index) => {
    const count = BigInt(counts[index] ?? 1);
    const length = (BigInt(share.percent) * multiple) / count;
    for (let k = 0n; k < count; k++) {
      segments.push({ label: share.label, loadZone: share.loadZone, from: at, to: at + length });
      at += length;
    }
  });
  const sequence = [point(0n), ...segments.map((s) => point(s.to))].join(",");
  return segments.map((s) => ({ ...s, segment: `${point(s.from)}:${point(s.to)}`, sequence }));
}

function tupleOf(segment: string, sequence: string): ExecutionTuple {
  try {
    return ExecutionTuple.create(segment, sequence);
  } catch (error) {
    throw new PlanError(`the run cannot be split into segments of ${sequence}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function lcm(a: bigint, b: bigint): bigint {
  const gcd = (x: bigint, y: bigint): bigint => (y === 0n ? x : gcd(y, x % y));
  return (a / gcd(a, b)) * b;
}
