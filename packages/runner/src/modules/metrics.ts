import type { MetricType, ValueType } from "../metrics/metric.js";
import { tagsKey } from "../metrics/tags.js";
import type { VirtualUser } from "../vu/virtual-user.js";
import { stringTags } from "./k6.js";

/** The `k6/metrics` module of one VU: Counter, Gauge, Rate and Trend. */
export function createMetricsModule(vu: VirtualUser) {
  const ctx = vu.ctx;
  const declare = (kind: string, name: unknown, type: MetricType, contains: ValueType) => {
    if (!vu.inInit)
      throw new Error(
        `new ${kind}("${String(name)}") must be declared in the init context (at the top level of the script)`,
      );
    if (typeof name !== "string") throw new TypeError(`new ${kind}(name): name must be a string`);
    return ctx.registry.define(name, type, contains);
  };

  class CustomMetric {
    readonly #metric;
    constructor(kind: string, name: unknown, type: MetricType, isTime: unknown) {
      this.#metric = declare(kind, name, type, isTime === true ? "time" : "default");
    }
    get name(): string {
      return this.#metric.name;
    }
    /** Adds a sample, optionally with tags of its own on top of the VU's. */
    add(value: unknown, tags?: Record<string, unknown>): void {
      if (vu.inInit) throw new Error(`${this.#metric.name}.add() cannot be called in the init context`);
      const v = typeof value === "boolean" ? Number(value) : Number(value);
      if (!Number.isFinite(v))
        throw new TypeError(
          `${this.#metric.name}.add(${String(value)}): the value must be a finite number or a boolean`,
        );
      if (!tags) {
        vu.series().add(this.#metric, v);
        return;
      }
      const extra = stringTags(tags);
      const base = vu.tags;
      ctx.engine.byKey(vu.tagsKey + tagsKey(extra), () => ({ ...base, ...extra })).add(this.#metric, v);
    }
  }

  return {
    Counter: class Counter extends CustomMetric {
      constructor(name: unknown) {
        super("Counter", name, "counter", false);
      }
    },
    Gauge: class Gauge extends CustomMetric {
      constructor(name: unknown, isTime?: unknown) {
        super("Gauge", name, "gauge", isTime);
      }
    },
    Rate: class Rate extends CustomMetric {
      constructor(name: unknown) {
        super("Rate", name, "rate", false);
      }
    },
    Trend: class Trend extends CustomMetric {
      constructor(name: unknown, isTime?: unknown) {
        super("Trend", name, "trend", isTime);
      }
    },
  };
}
