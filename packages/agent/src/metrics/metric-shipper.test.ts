import type { MetricBatch } from "@barrage/runner";
import { describe, expect, it } from "vitest";
import { recordingLogger } from "../loopback-target.test-helpers.js";
import { AgentApiError, type MetricDocument } from "../transport/index.js";
import { MetricShipper } from "./metric-shipper.js";

const batch = (start: number): MetricBatch => ({ seq: 999, start, end: start + 1000, points: [] });
const backoff = { initialDelayMs: 1, maxDelayMs: 2 };

/** A fake API: `answer` decides each attempt's fate; accepted documents are kept in order. */
function api(answer: (doc: MetricDocument, attempt: number) => "ok" | Error) {
  const accepted: MetricDocument[] = [];
  let attempts = 0;
  const send = async (body: string) => {
    const doc = JSON.parse(body) as MetricDocument;
    const result = answer(doc, ++attempts);
    if (result !== "ok") throw result;
    accepted.push(doc);
  };
  return { send, accepted, attempts: () => attempts };
}

const outage = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });

describe("MetricShipper", () => {
  it("numbers documents 1, 2, 3 ... with the batch's period, whatever the runner's own seq", async () => {
    const target = api(() => "ok");
    const shipper = new MetricShipper(target.send, { logger: recordingLogger(), periodMs: 1000, backoff });
    for (const start of [1000, 2000, 3000]) shipper.write(batch(start));
    await shipper.close();
    expect(target.accepted).toEqual([
      { seq: 1, start: 1000, end: 2000, points: [] },
      { seq: 2, start: 2000, end: 3000, points: [] },
      { seq: 3, start: 3000, end: 4000, points: [] },
    ]);
  });

  it("keeps failed batches and resends them in order", async () => {
    const target = api((_, attempt) => (attempt <= 5 || attempt === 8 ? outage : "ok"));
    const logger = recordingLogger();
    const shipper = new MetricShipper(target.send, { logger, periodMs: 1000, backoff });
    for (let i = 1; i <= 6; i++) shipper.write(batch(i * 1000));
    await shipper.close();
    expect(target.accepted.map((d) => d.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(shipper.pending).toBe(0);
    expect(logger.lines.filter((l) => l.startsWith("WARN"))).toHaveLength(2);
    expect(logger.lines.some((l) => l.startsWith("INFO metric stream recovered"))).toBe(true);
  });

  it("drops the oldest batch, loudly, when the buffer is full", async () => {
    let down = true;
    const target = api(() => (down ? outage : "ok"));
    const logger = recordingLogger();
    const shipper = new MetricShipper(target.send, { logger, periodMs: 1000, bufferMs: 3000, backoff });
    for (let i = 1; i <= 5; i++) shipper.write(batch(i * 1000));
    expect(shipper.pending).toBe(3);
    expect(logger.lines.filter((l) => l.startsWith("ERROR metric buffer full"))).toEqual([
      "ERROR metric buffer full (3 batches): dropped batch seq 1; the API has been unreachable too long and this period's metrics are lost",
      "ERROR metric buffer full (3 batches): dropped batch seq 2; the API has been unreachable too long and this period's metrics are lost",
    ]);
    down = false;
    await shipper.close();
    expect(target.accepted.map((d) => d.seq)).toEqual([3, 4, 5]);
  });

  it("drops a batch the API refuses with 4xx, with the server's reason, and goes on", async () => {
    const target = api((doc) =>
      doc.seq === 2 ? new AgentApiError("POST /agent/v1/metrics", 400, "bad point") : "ok",
    );
    const logger = recordingLogger();
    const shipper = new MetricShipper(target.send, { logger, periodMs: 1000, backoff });
    for (let i = 1; i <= 3; i++) shipper.write(batch(i * 1000));
    await shipper.close();
    expect(target.accepted.map((d) => d.seq)).toEqual([1, 3]);
    expect(target.attempts()).toBe(3);
    expect(logger.lines).toContain(
      "ERROR the API refused metric batch seq 2; dropping it: POST /agent/v1/metrics answered 400: bad point",
    );
  });

  it("gives up delivering at close after the drain timeout, naming what is lost", async () => {
    const target = api(() => outage);
    const logger = recordingLogger();
    const shipper = new MetricShipper(target.send, { logger, periodMs: 1000, drainTimeoutMs: 50, backoff });
    shipper.write(batch(1000));
    shipper.write(batch(2000));
    await shipper.close();
    expect(logger.lines.at(-1)).toMatch(
      /^ERROR could not deliver 2 metric batches \(seq 1 to 2\) within 50 ms/,
    );
    const attempts = target.attempts();
    await new Promise((r) => setTimeout(r, 30));
    expect(target.attempts()).toBe(attempts);
  });
});
