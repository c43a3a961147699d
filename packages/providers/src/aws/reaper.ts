import type { ReapedInstance, ReapOptions, ReapReport } from "../provider.js";
import type { AwsProviderLogger } from "./config.js";
import type { Ec2Regions, RegionInstance } from "./ec2-regions.js";
import { TAG_PLATFORM, TAG_RUN_ID } from "./launch.js";

/** What the reaper needs of the provider. */
export interface ReaperContext {
  ec2: Ec2Regions;
  platformId: string;
  regions: readonly string[];
  logger?: AwsProviderLogger;
}

/** States that still cost money: running, and stopped (its volumes). */
const ALIVE_STATES = ["pending", "running", "stopping", "stopped"];
/** TerminateInstances takes at most 1000 ids; stay well below. */
const TERMINATE_BATCH = 500;

/**
 * Lists every instance tagged with this platform in every configured region and terminates each
 * whose run is over, or that carries no run at all (design.md: "the reaper terminates anything
 * left"). It is the safety net behind `release`: after a crash between RunInstances and the
 * recording of its reference, after a rollback that could not terminate, or when a release failed.
 * Instances of other platforms (another `platformId`) and untagged instances are never touched.
 * Safe to run at any time and from several processes at once (terminating twice is harmless).
 *
 * @example
 * const report = await reapInstances(context, { isRunLive: async (runId) => isLive(await readRun(runId)) });
 */
export async function reapInstances(context: ReaperContext, options: ReapOptions): Promise<ReapReport> {
  const report: ReapReport = { examined: 0, terminated: [], kept: 0, errors: [] };
  const liveness = new Map<string, Promise<boolean>>();
  const isLive = (runId: string) => {
    let answer = liveness.get(runId);
    if (!answer) {
      answer = options.isRunLive(runId);
      liveness.set(runId, answer);
    }
    return answer;
  };

  await Promise.all(
    context.regions.map(async (region) => {
      let instances: RegionInstance[];
      try {
        instances = await context.ec2.describe(region, {
          filters: [
            { Name: `tag:${TAG_PLATFORM}`, Values: [context.platformId] },
            { Name: "instance-state-name", Values: ALIVE_STATES },
          ],
        });
      } catch (error) {
        report.errors.push(`cannot list the instances in ${region}: ${(error as Error).message}`);
        return;
      }
      report.examined += instances.length;
      const doomed: ReapedInstance[] = [];
      for (const instance of instances) {
        const runId = instance.Tags?.find((t) => t.Key === TAG_RUN_ID)?.Value;
        const ec2InstanceId = instance.InstanceId as string;
        if (runId === undefined) {
          doomed.push({ region, ec2InstanceId, runId, reason: "no run tag" });
          continue;
        }
        try {
          if (await isLive(runId)) report.kept++;
          else doomed.push({ region, ec2InstanceId, runId, reason: "run over" });
        } catch (error) {
          report.kept++;
          report.errors.push(
            `cannot tell whether run ${runId} is live, kept ${ec2InstanceId}: ${(error as Error).message}`,
          );
        }
      }
      for (let i = 0; i < doomed.length; i += TERMINATE_BATCH) {
        const batch = doomed.slice(i, i + TERMINATE_BATCH);
        try {
          await context.ec2.terminate(
            region,
            batch.map((d) => d.ec2InstanceId),
          );
          report.terminated.push(...batch);
          for (const d of batch)
            context.logger?.info(
              `reaper: terminated ${d.ec2InstanceId} in ${region} (${d.reason === "run over" ? `run ${d.runId} is over` : "it carries no run"})`,
            );
        } catch (error) {
          report.errors.push(
            `cannot terminate ${batch.length} instance(s) in ${region}: ${(error as Error).message}`,
          );
        }
      }
    }),
  );
  return report;
}
