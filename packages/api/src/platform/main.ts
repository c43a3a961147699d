import { startPlatform } from "./start-platform.js";

/**
 * `npm start`: the whole platform in one process. `DATABASE_URL` selects PostgreSQL (an embedded
 * server otherwise), `BARRAGE_STATE_DIR` the state directory, `PORT`/`AGENT_PORT` the ports.
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const platform = await startPlatform({
    databaseUrl: env.DATABASE_URL,
    stateDir: env.BARRAGE_STATE_DIR,
    port: env.PORT === undefined ? undefined : Number(env.PORT),
    agentPort: env.AGENT_PORT === undefined ? undefined : Number(env.AGENT_PORT),
  });
  process.stdout.write(
    `Barrage is running.\n  GraphQL endpoint: ${platform.url}\n  Agent port:       ${platform.agentUrl}\n`,
  );
  const stop = () => {
    process.stdout.write("stopping...\n");
    void platform.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
