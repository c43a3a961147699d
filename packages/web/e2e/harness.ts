/**
 * What the end-to-end tests run against: the real platform as `npm start` runs it (its bin, on a
 * throw-away database, serving this package's build), the example target, and Debian's Chromium
 * driven by playwright-core.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/** Where each test's screenshot goes (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const PLATFORM_BIN = join(
  dirname(fileURLToPath(import.meta.resolve("@barrage/api"))),
  "..",
  "bin",
  "barrage-platform.js",
);
const TARGET = fileURLToPath(import.meta.resolve("@barrage/examples/target/server.js"));
/** The example scripts. */
export const EXAMPLES = fileURLToPath(
  new URL("./", import.meta.resolve("@barrage/examples/scripts/constant-vus.js")),
);

/** A child process's output, and a wait for a line of it. */
class Output {
  text = "";
  private waiters: (() => void)[] = [];
  constructor(readonly child: ChildProcess) {
    const take = (chunk: Buffer) => {
      this.text += chunk.toString();
      for (const wake of this.waiters.splice(0)) wake();
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
    child.on("exit", () => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** The first match of `pattern` in the output, waiting up to `timeoutMs` for it. */
  async match(pattern: RegExp, what: string, timeoutMs = 90_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.text.match(pattern);
      if (found) return found;
      if (this.child.exitCode !== null)
        throw new Error(`${what}: the process exited (${this.child.exitCode}):\n${this.text}`);
      if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms:\n${this.text}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A throw-away database on `DATABASE_URL`'s server (default the machine's PostgreSQL). */
async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new URL(process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/postgres");
  admin.pathname = "/postgres";
  const name = `barrage_web_e2e_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** Everything a test drives. */
export interface Harness {
  /** The web app, served by the platform. */
  webUrl: string;
  graphqlUrl: string;
  /** The ADMIN token the platform printed at its first start. */
  token: string;
  /** The example target the scripts load. */
  targetUrl: string;
  browser: Browser;
  /** Output of the platform so far, for failure messages. */
  platformLog(): string;
  close(): Promise<void>;
}

/** Starts the platform, the target and the browser. */
export async function startHarness(): Promise<Harness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const database = await createDatabase();
  const stateDir = await mkdtemp(join(tmpdir(), "barrage-web-e2e-"));
  let platform: ChildProcess | undefined;
  let target: ChildProcess | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => {});
    await stop(target);
    await stop(platform);
    await database.drop();
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    // As `npm start` runs it: the platform finds this package's build by itself.
    platform = spawn(process.execPath, [PLATFORM_BIN], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        BARRAGE_STATE_DIR: stateDir,
        PORT: "0",
        AGENT_PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const platformOut = new Output(platform);
    target = spawn(process.execPath, [TARGET, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const targetOut = new Output(target);
    const [, token = ""] = await platformOut.match(/^\s+(brg_[A-Za-z0-9_-]+)\s*$/m, "the admin token");
    const [, graphqlUrl = ""] = await platformOut.match(/GraphQL endpoint:\s+(\S+)/, "the GraphQL endpoint");
    const [, webUrl = ""] = await platformOut.match(/Web app:\s+(\S+)/, "the web app address");
    const [, targetUrl = ""] = await targetOut.match(/listening on (http:\/\/\S+)/, "the example target");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Chromium as root needs --no-sandbox; the rest keep it from reaching out to the network.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    return { webUrl, graphqlUrl, token, targetUrl, browser, platformLog: () => platformOut.text, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A fresh browser context (its own storage) and page at a viewport size. */
export async function openPage(
  harness: Harness,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await harness.browser.newContext({ viewport, baseURL: harness.webUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { context, page };
}

/** Saves a full-page screenshot as artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Signs in through the form. */
export async function signIn(page: Page, token: string): Promise<void> {
  await page.goto("/");
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("organization").filter({ hasText: /\S/ }).waitFor();
}
