import { createWriteStream, type WriteStream } from "node:fs";
import type { MetricBatch } from "../metrics/engine.js";
import type { MetricOutput } from "./output.js";
import { pointToJson } from "./point-json.js";

/**
 * `--out json=FILE`: one JSON line per series per aggregation period,
 * `{"time":"<period end ISO>","seq":N,"period_ms":1000,...pointToJson}`.
 */
export class JsonFileOutput implements MetricOutput {
  readonly #stream: WriteStream;
  #failed: Error | undefined;

  constructor(readonly path: string) {
    this.#stream = createWriteStream(path);
    this.#stream.on("error", (error) => {
      this.#failed = error;
    });
  }

  write(batch: MetricBatch): void {
    if (this.#failed) return;
    const time = new Date(batch.end).toISOString();
    let text = "";
    for (const point of batch.points) {
      text += `${JSON.stringify({ time, seq: batch.seq, period_ms: batch.end - batch.start, ...pointToJson(point) })}\n`;
    }
    if (text) this.#stream.write(text);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#stream.end(() =>
        this.#failed ? reject(new Error(`--out json=${this.path}: ${this.#failed.message}`)) : resolve(),
      );
    });
  }
}
