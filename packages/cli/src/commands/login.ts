import type { Command } from "commander";
import { writeConfig } from "../cloud/config.js";
import { ApiError, GraphqlClient } from "../cloud/graphql-client.js";

interface LoginFlags {
  api: string;
  token: string;
}

/** Where `barrage login` reads its settings and writes its output. */
export interface LoginContext {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** `barrage login --api URL --token T`: checks the token against the API and saves both for `barrage cloud`. */
export function registerLoginCommand(program: Command): void {
  program
    .command("login")
    .description("save the API's URL and a token for barrage cloud, after checking them")
    .requiredOption("--api <url>", "the API's URL, e.g. https://barrage.example.com")
    .requiredOption("--token <token>", "an API token (brg_...) with the WRITE scope")
    .action(async (flags: LoginFlags) => {
      process.exitCode = await loginCommand(flags, {
        env: process.env,
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });
}

const VIEWER_QUERY = `query { viewer { organization { name } scopes } }`;

/**
 * Asks the API who the token belongs to, and only if it answers saves `{api, token}` in the config
 * file (`configPath`, mode 0600). Answers the exit code: 0, or 1 with the API's reason.
 */
export async function loginCommand(flags: LoginFlags, context: LoginContext): Promise<number> {
  let viewer: { organization: { name: string }; scopes: string[] };
  try {
    const client = new GraphqlClient(flags.api, flags.token, "barrage-cli");
    viewer = (await client.request<{ viewer: typeof viewer }>(VIEWER_QUERY)).viewer;
  } catch (error) {
    if (!(error instanceof ApiError || error instanceof TypeError)) throw error;
    context.stderr.write(`not logged in: ${error.message}\n`);
    return 1;
  }
  const file = await writeConfig({ api: flags.api, token: flags.token }, context.env);
  context.stdout.write(
    `logged in to organization "${viewer.organization.name}" (scopes ${viewer.scopes.join(", ")}); saved in ${file}\n`,
  );
  if (!viewer.scopes.includes("WRITE") && !viewer.scopes.includes("ADMIN")) {
    context.stderr.write("this token cannot start runs: barrage cloud needs the WRITE scope\n");
  }
  return 0;
}
