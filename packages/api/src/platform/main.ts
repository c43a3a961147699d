import { loadAwsConfigFile } from "./aws-config.js";
import { startPlatform } from "./start-platform.js";
import { findWebApp } from "./web-app.js";

/**
 * `npm start`: the whole platform in one process. `DATABASE_URL` selects PostgreSQL (an embedded
 * server otherwise), `BARRAGE_STATE_DIR` the state directory, `PORT`/`AGENT_PORT` the ports,
 * `BARRAGE_WEB_DIR` the web app to serve (the built `@barrage/web` by default).
 * `BARRAGE_AWS_CONFIG` names a JSON file that turns the `aws` provider on (docs/aws.md);
 * `AGENT_HOST` is the agent port's listening address and `BARRAGE_AGENT_HOSTS` (comma-separated)
 * the names agents dial, which agents on other machines (EC2) need. `BARRAGE_PARTITION_TOLERANCE_MS`
 * is how long an agent whose instance still runs may be cut off from the API before it counts as
 * lost (30 s by default; packages/api/src/coordinator/README.md).
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const platform = await startPlatform({
    databaseUrl: env.DATABASE_URL,
    stateDir: env.BARRAGE_STATE_DIR,
    port: env.PORT === undefined ? undefined : Number(env.PORT),
    agentPort: env.AGENT_PORT === undefined ? undefined : Number(env.AGENT_PORT),
    ...(env.AGENT_HOST ? { agentHost: env.AGENT_HOST } : {}),
    ...(env.BARRAGE_AGENT_HOSTS
      ? {
          agentHosts: env.BARRAGE_AGENT_HOSTS.split(",")
            .map((h) => h.trim())
            .filter(Boolean),
        }
      : {}),
    ...(env.BARRAGE_AWS_CONFIG ? { aws: await loadAwsConfigFile(env.BARRAGE_AWS_CONFIG) } : {}),
    ...(env.BARRAGE_PARTITION_TOLERANCE_MS
      ? { coordinatorTuning: { partitionToleranceMs: positiveMs(env.BARRAGE_PARTITION_TOLERANCE_MS) } }
      : {}),
    webAppDirectory: findWebApp(env),
  });
  process.stdout.write(
    `Barrage is running.\n  GraphQL endpoint: ${platform.url}\n  Agent port:       ${platform.agentUrl}\n` +
      (platform.webUrl ? `  Web app:          ${platform.webUrl}\n` : ""),
  );
  const stop = () => {
    process.stdout.write("stopping...\n");
    void platform.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** A duration setting in milliseconds, refused with the variable's name when it is not one. */
function positiveMs(text: string): number {
  const ms = Number(text);
  if (!(Number.isFinite(ms) && ms > 0))
    throw new Error(
      `BARRAGE_PARTITION_TOLERANCE_MS must be a positive number of milliseconds, not ${JSON.stringify(text)}`,
    );
  return ms;
}
