#!/usr/bin/env node
/**
 * The load-engine benchmark: Barrage against autocannon and Artillery on one machine, plus
 * Barrage's memory per VU and start-up time. See README.md for what each part measures.
 *
 *   node bench/runner/run.mjs [--rounds 3] [--only throughput|memory|startup] [--seconds 10]
 */
import { parseArgs } from "node:util";
import { barrageUnavailable } from "./barrage.mjs";
import { measureMemory } from "./memory.mjs";
import { startNginx } from "./nginx.mjs";
import { ensurePeers } from "./peers.mjs";
import { raiseOpenFileLimit } from "./processes.mjs";
import { measureStartup } from "./startup.mjs";
import { printTable } from "./stats.mjs";
import { measureThroughput } from "./throughput.mjs";

const PARTS = ["throughput", "memory", "startup"];
const MEMORY_VUS = 10_000;
const STARTUP_VUS = 1_000;

/** @param {string} name @param {string} value @param {number} min */
function positiveInteger(name, value, min) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} ${value} must be an integer of at least ${min}`);
  return n;
}

function options() {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "3" },
      only: { type: "string" },
      seconds: { type: "string", default: "10" },
    },
  });
  if (values.only !== undefined && !PARTS.includes(values.only)) {
    throw new Error(`--only ${values.only} must be one of ${PARTS.join(", ")}`);
  }
  return {
    rounds: positiveInteger("rounds", values.rounds, 1),
    seconds: positiveInteger("seconds", values.seconds, 1),
    parts: values.only ? [values.only] : PARTS,
  };
}

async function main() {
  const { rounds, seconds, parts } = options();
  // 10,000 VUs hold 10,000 sockets in one process, and nginx as many on its side.
  const fileLimit = raiseOpenFileLimit(65_536);
  if (parts.includes("memory") && fileLimit < MEMORY_VUS + 1000) {
    throw new Error(
      `the open-file limit is ${fileLimit}, too low for ${MEMORY_VUS} VUs; raise it (ulimit -n)`,
    );
  }
  const unavailable = barrageUnavailable();
  if (unavailable) console.warn(`Barrage is skipped: ${unavailable}.`);
  const withBarrage = unavailable === undefined;
  /** @type {string[][]} */
  const rows = [];
  const nginx = parts.includes("throughput") || parts.includes("memory") ? await startNginx() : undefined;
  try {
    if (nginx && parts.includes("throughput")) {
      console.log(
        `throughput: 50 connections/VUs, ${seconds} s per tool, ${rounds} rounds, nginx at ${nginx.url}`,
      );
      rows.push(
        ...(await measureThroughput({ url: nginx.url, rounds, seconds, peers: ensurePeers(), withBarrage })),
      );
    }
    if (nginx && parts.includes("memory")) {
      console.log(`memory: ${MEMORY_VUS} idle VUs with one keep-alive connection each`);
      rows.push(...(await measureMemory({ url: nginx.url, vus: MEMORY_VUS, withBarrage })));
    }
  } finally {
    await nginx?.close();
  }
  if (parts.includes("startup")) {
    if (withBarrage) {
      console.log(`startup: ${STARTUP_VUS} VUs, one request each, ${rounds} rounds`);
      rows.push(...(await measureStartup({ vus: STARTUP_VUS, rounds })));
    } else {
      console.log("startup: skipped, it measures Barrage only");
    }
  }
  console.log("");
  printTable(["part", "measure", "value", "target", "verdict"], rows);
}

// Exit through process.exit so that the children still running are stopped (processes.mjs).
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));

main().catch((error) => {
  console.error(`bench/runner: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
