import type pg from "pg";
import type { PointScope } from "./point-scope.js";

/**
 * Gauges whose agents' values add up to the test's value: each agent runs its share of the VUs, so
 * the test's `vus` is the sum of every agent's last `vus` (as k6 Cloud shows it). Any other gauge is
 * one quantity measured by whoever reported last.
 */
export const SUMMED_GAUGES: readonly string[] = ["vus", "vus_max"];

/** A gauge's value over a group of points. */
export interface GaugeValue {
  value: number;
  min: number;
  max: number;
}

/**
 * A gauge's value per group. Summed gauges ({@link SUMMED_GAUGES}): the sum over agents of each
 * agent's last value (latest period), and the sums of the agents' minimums and maximums (the agents
 * follow one schedule, so their extremes coincide). Other gauges: the last value reported by any agent
 * (latest period; ties go to the highest instance id), and the overall minimum and maximum.
 */
export async function queryGaugeValues(pool: pg.Pool, scope: PointScope): Promise<Map<unknown, GaugeValue>> {
  const summed = `$${scope.params.length + 1}::text[]`;
  const { rows } = await pool.query<{ g: unknown } & GaugeValue>(
    `with per_instance as (
       select ${scope.groupBy} as g, p.instance_id,
              (array_agg(p.gauge_last order by p.ts desc, p.series_id desc))[1] as last,
              max(p.ts) as last_ts, min(p.gauge_min) as min, max(p.gauge_max) as max,
              bool_or(s.metric = any(${summed})) as summed
         from ${scope.from}
        where ${scope.where} and p.gauge_count is not null
        group by 1, 2)
     select g,
            case when bool_or(summed) then sum(last)
                 else (array_agg(last order by last_ts desc, instance_id desc))[1] end as value,
            case when bool_or(summed) then sum(min) else min(min) end as min,
            case when bool_or(summed) then sum(max) else max(max) end as max
       from per_instance
      group by g`,
    [...scope.params, SUMMED_GAUGES],
  );
  return new Map(rows.map(({ g, value, min, max }) => [g, { value, min, max }]));
}
