import { readConfig } from "./config.js";
import { GraphqlClient } from "./graphql-client.js";

/**
 * The API client of a command that talks to the platform: the URL from `--api`, `barrage login` or
 * BARRAGE_API, the token from `barrage login` or BARRAGE_TOKEN. Without either, writes what to do
 * on `stderr` and answers undefined (the command exits 1).
 *
 * @example const client = await apiClient("barrage cloud", flags.api, context); if (!client) return 1;
 */
export async function apiClient(
  command: string,
  apiFlag: string | undefined,
  context: { env: NodeJS.ProcessEnv; stderr: NodeJS.WritableStream },
): Promise<GraphqlClient | undefined> {
  const config = await readConfig(context.env);
  const api = apiFlag ?? config.api;
  if (!api || !config.token) {
    context.stderr.write(
      `${command} needs the API's URL and a token: run \`barrage login --api URL --token brg_...\`, or set BARRAGE_API and BARRAGE_TOKEN\n`,
    );
    return undefined;
  }
  return new GraphqlClient(api, config.token, "barrage-cli");
}
