/**
 * Background ingest for the live-latency benchmark, in its own process: simulated agents of another
 * run that call home and then each POST one metric batch per second to the agent port over mutual
 * TLS, with the agent's own code (AgentKey, callHome, AgentClient) and the ingest benchmark's
 * documents (36 series by default). Started by run.mjs with an IPC channel:
 *
 * - `{type: "start", url, caPem, agents: [{token}], urls}`: calls home, then `{type: "started"}` and
 *   sends until told to stop;
 * - `{type: "stop"}`: answers `{type: "stopped", batches, points, failed, latencies}`.
 */
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { documentJson, makeTemplates } from "../ingest/batches.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const AGENT_DIST = join(HERE, "../../packages/agent/dist");
const { AgentKey } = await import(pathToFileURL(join(AGENT_DIST, "identity/index.js")).href);
const { AgentClient, callHome } = await import(pathToFileURL(join(AGENT_DIST, "transport/index.js")).href);
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let stopping = false;
let work;
const stats = { batches: 0, points: 0, failed: 0, latencies: [] };

process.on("message", async (message) => {
  if (message.type === "start") work = start(message);
  if (message.type === "stop") {
    stopping = true;
    await work;
    process.send({ type: "stopped", ...stats });
    process.disconnect();
  }
});

async function start({ url, caPem, agents, urls }) {
  const templates = makeTemplates(agents.length, { urls });
  const clients = await Promise.all(
    agents.map(async ({ token }) => {
      const key = await AgentKey.generate();
      const answer = await callHome(url, caPem, { token, csr: await key.csrPem() }, { logger: quiet });
      return new AgentClient(
        url,
        { ca: caPem, cert: answer.certificate, key: key.tlsKeyPem() },
        { logger: quiet },
      );
    }),
  );
  process.send({ type: "started" });
  const origin = Math.floor(Date.now() / 1000) * 1000;
  await Promise.all(
    clients.map(async (client, a) => {
      // Spread over the second, as real agents' clocks are.
      await new Promise((r) => setTimeout(r, (a / clients.length) * 1000));
      for (let seq = 1; !stopping; seq++) {
        const due = origin + (a / clients.length) * 1000 + seq * 1000;
        const t = performance.now();
        try {
          await client.sendMetrics(documentJson(templates[a][seq % templates[a].length], seq, origin));
          stats.latencies.push(performance.now() - t);
          stats.batches++;
          stats.points += templates[a][0].points.length;
        } catch {
          stats.failed++;
        }
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      await client.close();
    }),
  );
}
