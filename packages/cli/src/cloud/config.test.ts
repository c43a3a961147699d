import { chmod, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configPath, readConfig, writeConfig } from "./config.js";

async function configHome(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "barrage-config-"));
}

describe("the cloud config file", () => {
  it("lives under XDG_CONFIG_HOME, else ~/.config", () => {
    expect(configPath({ XDG_CONFIG_HOME: "/etc/xdg-home" })).toBe("/etc/xdg-home/barrage/config.json");
    expect(configPath({})).toBe(path.join(homedir(), ".config", "barrage", "config.json"));
    // A relative XDG_CONFIG_HOME is invalid by the spec and ignored.
    expect(configPath({ XDG_CONFIG_HOME: "relative" })).toBe(
      path.join(homedir(), ".config", "barrage", "config.json"),
    );
  });

  it("is written for this user only, and read back", async () => {
    const env = { XDG_CONFIG_HOME: await configHome() };
    const file = await writeConfig({ api: "https://barrage.test", token: "brg_secret" }, env);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await readConfig(env)).toEqual({ api: "https://barrage.test", token: "brg_secret" });
  });

  it("tightens the mode of a file that was readable by others", async () => {
    const env = { XDG_CONFIG_HOME: await configHome() };
    const file = await writeConfig({ api: "a", token: "b" }, env);
    await chmod(file, 0o644);
    await writeConfig({ api: "a", token: "c" }, env);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ api: "a", token: "c" });
  });

  it("lets BARRAGE_API and BARRAGE_TOKEN override the file, and needs no file for them", async () => {
    const home = await configHome();
    expect(await readConfig({ XDG_CONFIG_HOME: home, BARRAGE_TOKEN: "brg_env" })).toEqual({
      token: "brg_env",
    });
    await writeConfig({ api: "https://saved", token: "brg_saved" }, { XDG_CONFIG_HOME: home });
    expect(await readConfig({ XDG_CONFIG_HOME: home, BARRAGE_API: "https://env" })).toEqual({
      api: "https://env",
      token: "brg_saved",
    });
  });

  it("names a malformed file", async () => {
    const env = { XDG_CONFIG_HOME: await configHome() };
    const file = await writeConfig({}, env);
    await writeFile(file, "{ not json");
    await expect(readConfig(env)).rejects.toThrow(
      `${file} is not valid JSON; fix it or run barrage login again`,
    );
  });
});
