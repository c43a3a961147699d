import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configPath } from "../cloud/config.js";
import { startFakeGraphql } from "../cloud/fake-graphql.test-helpers.js";
import { loginCommand } from "./login.js";

let api: Awaited<ReturnType<typeof startFakeGraphql>>;
beforeAll(async () => {
  api = await startFakeGraphql((request) =>
    request.authorization === "Bearer brg_good"
      ? { data: { viewer: { organization: { name: "acme" }, scopes: ["READ", "WRITE"] } } }
      : { errors: [{ message: "Unknown or revoked API token", extensions: { code: "UNAUTHENTICATED" } }] },
  );
});
afterAll(() => api.close());

async function login(token: string, apiUrl = api.url) {
  const env = { XDG_CONFIG_HOME: await mkdtemp(path.join(tmpdir(), "barrage-login-")) };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await loginCommand({ api: apiUrl, token }, { env, stdout, stderr });
  return { code, env, stdout: String(stdout.read() ?? ""), stderr: String(stderr.read() ?? "") };
}

describe("barrage login", () => {
  it("checks the token with the API, then saves it readable by this user only", async () => {
    const { code, env, stdout } = await login("brg_good");
    expect(code).toBe(0);
    const file = configPath(env);
    expect(stdout).toBe(`logged in to organization "acme" (scopes READ, WRITE); saved in ${file}\n`);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ api: api.url, token: "brg_good" });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("saves nothing when the API refuses the token or cannot be reached", async () => {
    const refused = await login("brg_bad");
    expect(refused).toMatchObject({ code: 1, stderr: "not logged in: Unknown or revoked API token\n" });
    await expect(stat(configPath(refused.env))).rejects.toThrow(/ENOENT/);
    const unreachable = await login("brg_good", "not a url");
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^not logged in: /);
  });
});
