import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CliOverrides } from "../options/index.js";
import type { Logger } from "./logger.js";
import { prepareTest } from "./prepare.js";
import { renderSummary } from "./summary.js";
import { type RunResult, type RunSettings, TestRun } from "./test-run.js";

/** A logger that keeps what it was told, for assertions. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
  };
}

/** Writes a script (and any sibling files) into a fresh directory; returns the script's path. */
export async function writeScript(source: string, siblings: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "barrage-run-"));
  for (const [name, text] of Object.entries(siblings)) await writeFile(path.join(dir, name), text);
  const file = path.join(dir, "test.js");
  await writeFile(file, source);
  return file;
}

/** A loopback HTTP server that answers every request with "ok" after `?ms=` milliseconds and counts requests. */
export async function startTarget(): Promise<{
  url: string;
  requests: () => number;
  close: () => Promise<void>;
}> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    const ms = Number(new URL(req.url ?? "/", "http://x").searchParams.get("ms") ?? 0);
    const status = Number(new URL(req.url ?? "/", "http://x").searchParams.get("status") ?? 200);
    setTimeout(() => {
      res.writeHead(status, { "content-type": "text/plain" });
      res.end("ok");
    }, ms);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Prepares and runs a script end to end, as `barrage run` does, and renders its summary. */
export async function runScript(
  scriptPath: string,
  options: { env?: Record<string, string>; overrides?: CliOverrides; settings?: Partial<RunSettings> } = {},
): Promise<{
  result: RunResult;
  logger: ReturnType<typeof memoryLogger>;
  summary: Awaited<ReturnType<typeof renderSummary>>;
}> {
  const logger = memoryLogger();
  const prepared = await prepareTest({
    scriptPath,
    env: options.env ?? {},
    logger,
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
  const result = await new TestRun(prepared, { logger, ...options.settings }).run();
  const summary = await renderSummary(result, { summaryExport: true });
  return { result, logger, summary };
}

/** A counter's whole-test count, 0 when it got no sample. */
export function countOf(result: RunResult, name: string): number {
  const sink = result.sink(name);
  return sink?.type === "counter" ? sink.count : 0;
}
