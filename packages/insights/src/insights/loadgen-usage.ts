import type { RunContext } from "../context.js";
import { offset, range, round } from "../format.js";
import type { AgentSeries, Insight, Point } from "../types.js";

/** Name under which the platform stores agents' CPU (a gauge, % of one core, tags instance_id and load_zone). */
export const AGENT_CPU_METRIC = "barrage_agent_cpu";
/** Name under which the platform stores agents' memory (a gauge, bytes, tags instance_id and load_zone). */
export const AGENT_MEMORY_METRIC = "barrage_agent_memory";

/** Usage at or above this, in %, counts as high. */
export const HIGH_USAGE_PERCENT = 90;
/** For at least this long without a break: a single busy second (a GC pause) is not overload. */
export const SUSTAINED_MS = 10_000;

/**
 * A stretch of consecutive samples at or above the limit.
 *
 * @example { start, end: start + 12_000, durationMs: 12_000, peak: 97 }
 */
export interface Episode {
  start: number;
  /** End of the last sample's interval. */
  end: number;
  durationMs: number;
  peak: number;
}

/**
 * The longest stretch of consecutive samples at or above `limit`. Samples stand for the interval
 * to the next one (the median spacing, or `fallbackMs` with a single sample); a gap of more than
 * 1.5 intervals breaks a stretch.
 *
 * @example longestEpisode([{ time: 0, value: 95 }, { time: 1000, value: 97 }], 90, 1000)?.durationMs // 2000
 */
export function longestEpisode(
  points: readonly Point[],
  limit: number,
  fallbackMs: number,
): Episode | undefined {
  const sorted = points.filter((p) => Number.isFinite(p.value)).sort((a, b) => a.time - b.time);
  const interval = medianSpacing(sorted) ?? fallbackMs;
  let best: Episode | undefined;
  let current: Episode | undefined;
  let previous: number | undefined;
  for (const p of sorted) {
    if (p.value >= limit) {
      if (current && previous !== undefined && p.time - previous <= 1.5 * interval) {
        current.end = p.time + interval;
        current.durationMs = current.end - current.start;
        current.peak = Math.max(current.peak, p.value);
      } else {
        current = { start: p.time, end: p.time + interval, durationMs: interval, peak: p.value };
      }
      if (!best || current.durationMs > best.durationMs) best = { ...current };
    } else {
      current = undefined;
    }
    previous = p.time;
  }
  return best;
}

function medianSpacing(sorted: readonly Point[]): number | undefined {
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const gap = (sorted[i] as Point).time - (sorted[i - 1] as Point).time;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] as number;
}

/**
 * What differs between the CPU and the memory insight.
 *
 * @example { id: "health_high_loadgen_cpu_usage", resource: "CPU", metric: AGENT_CPU_METRIC, usage: (a) => a.cpuPercent, advice }
 */
export interface UsageRule {
  id: string;
  /** "CPU" or "memory". */
  resource: string;
  metric: string;
  /** The agent's usage in %, or undefined when it did not report it. */
  usage(agent: AgentSeries): Point[] | undefined;
  advice: string;
}

/**
 * Finds the agent with the longest stretch of usage at or above 90% and reports it when that
 * stretch lasted 10 s or more.
 *
 * @example highUsage(ctx, { id: "health_high_loadgen_cpu_usage", resource: "CPU", ... })
 */
export function highUsage(ctx: RunContext, rule: UsageRule): Insight | undefined {
  const hot: { agent: AgentSeries; episode: Episode }[] = [];
  for (const agent of ctx.run.agents) {
    const usage = rule.usage(agent);
    if (!usage) continue;
    const episode = longestEpisode(usage, HIGH_USAGE_PERCENT, ctx.periodMs);
    if (episode && episode.durationMs >= SUSTAINED_MS) hot.push({ agent, episode });
  }
  if (hot.length === 0) return undefined;
  hot.sort((a, b) => b.episode.durationMs - a.episode.durationMs || b.episode.peak - a.episode.peak);
  const { agent, episode } = hot[0] as { agent: AgentSeries; episode: Episode };
  const where = agent.zone ? ` in ${agent.zone}` : "";
  const also = hot.length > 1 ? ` ${hot.length - 1} other load generator(s) were also overloaded.` : "";
  const filter: Record<string, string> = { instance_id: agent.agent };
  if (agent.zone) filter.load_zone = agent.zone;
  return {
    id: rule.id,
    severity: "critical",
    title: `High load generator ${rule.resource} usage: ${Math.round(episode.peak)}% on ${agent.agent}`,
    explanation:
      `Load generator ${agent.agent}${where} used ${HIGH_USAGE_PERCENT}% or more of its ${rule.resource} for ` +
      `${offset(episode.durationMs)} without a break (${range(ctx, episode.start, episode.end)}), ` +
      `peaking at ${Math.round(episode.peak)}%.${also} An overloaded load generator delays requests and ` +
      `its own timing, so response times and request rates it measured are not the system's. ${rule.advice}`,
    from: episode.start,
    to: episode.end,
    metric: rule.metric,
    filter,
    values: {
      agent: agent.agent,
      peakPercent: round(episode.peak, 1),
      durationMs: episode.durationMs,
      agents: hot.length,
    },
  };
}
