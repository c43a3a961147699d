import { startPlatform } from "./start-platform.js";
import { findWebApp } from "./web-app.js";

/**
 * `npm start`: the whole platform in one process. `DATABASE_URL` selects PostgreSQL (an embedded
 * server otherwise), `BARRAGE_STATE_DIR` the state directory, `PORT`/`AGENT_PORT` the ports,
 * `BARRAGE_WEB_DIR` the web app to serve (the built `@barrage/web` by default).
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const platform = await startPlatform({
    databaseUrl: env.DATABASE_URL,
    stateDir: env.BARRAGE_STATE_DIR,
    port: env.PORT === undefined ? undefined : Number(env.PORT),
    agentPort: env.AGENT_PORT === undefined ? undefined : Number(env.AGENT_PORT),
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
