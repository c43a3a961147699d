/**
 * Resident memory per idle VU client holding one keep-alive connection, against a bare Node
 * http.Agent({ keepAlive: true }) per VU doing the same, and the extra cost of a cookie jar. Each
 * case runs in a fresh process, and the target server in another, so only the clients' side is
 * counted. See README.md.
 *
 *   node bench/http-client/memory.mjs [--clients 2000]
 */
import { execFileSync, spawn } from "node:child_process";
import http from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildClient } from "./build-client.mjs";

const CASES = {
  unused: "VuHttpClient, never used",
  client: "VuHttpClient + 1 idle keep-alive connection",
  agent: "http.Agent({keepAlive}) + 1 idle connection",
};

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "2000" },
    case: { type: "string" },
    url: { type: "string" },
    bundle: { type: "string" },
  },
});
const count = Number(values.clients);
const self = fileURLToPath(import.meta.url);

if (values.case === undefined) {
  const bundle = await buildClient();
  const target = spawn(process.execPath, [fileURLToPath(new URL("./target.mjs", import.meta.url))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise((resolve) =>
    target.stdout.once("data", (chunk) => resolve(Number(String(chunk).trim()))),
  );
  console.log(
    `${count} clients per case, each case in a fresh process; growth per client\n(slope from the first half of the clients to all of them):`,
  );
  try {
    for (const name of Object.keys(CASES)) {
      const args = [
        "--expose-gc",
        self,
        "--case",
        name,
        "--clients",
        String(count),
        "--url",
        `http://127.0.0.1:${port}/`,
        "--bundle",
        bundle,
      ];
      process.stdout.write(execFileSync(process.execPath, args));
    }
  } finally {
    target.kill();
  }
} else {
  const { VuHttpClient } = await import(pathToFileURL(values.bundle).href);
  const url = values.url;
  const request = {
    method: "GET",
    url,
    timeoutMs: 60_000,
    maxRedirects: 10,
    responseType: "text",
    insecureSkipTLSVerify: false,
  };
  const make = {
    unused: async () => new VuHttpClient(),
    client: async () => {
      const client = new VuHttpClient();
      await client.request(request);
      return client;
    },
    agent: async () => {
      const agent = new http.Agent({ keepAlive: true });
      await new Promise((resolve, reject) => {
        http.get(url, { agent }, (res) => res.resume().on("end", resolve)).on("error", reject);
      });
      return agent;
    },
  }[values.case];
  const settle = () => {
    for (let i = 0; i < 6; i++) globalThis.gc();
    return process.memoryUsage();
  };
  // The slope between half and all of the clients: fixed costs (code, lazily loaded modules,
  // allocator pools) are paid before the first half is measured and drop out.
  const kept = [];
  const grow = async (total) => {
    while (kept.length < total) kept.push(await make());
    await new Promise((resolve) => setTimeout(resolve, 300));
    return settle();
  };
  let before = await grow(count / 2);
  let after = await grow(count);
  const report = (label, clients) => {
    const kb = (field) => ((after[field] - before[field]) / clients / 1024).toFixed(1);
    console.log(
      `  ${label.padEnd(46)} rss ${kb("rss").padStart(5)} KB   V8 heap ${kb("heapUsed").padStart(5)} KB`,
    );
  };
  report(CASES[values.case], count / 2);
  if (values.case === "client") {
    // The jar on top of the same clients: a separate process would not tell 1 KB from the noise.
    before = after;
    for (const client of kept) client.jar.set(url, "session", "0123456789abcdef");
    after = settle();
    report("  + its cookie jar holding one cookie", count);
  }
  process.exit(0);
}
