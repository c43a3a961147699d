/** k6's four metric types. */
export type MetricType = "counter" | "gauge" | "rate" | "trend";
/** What a metric's values are: plain numbers, milliseconds, or bytes. */
export type ValueType = "default" | "time" | "data";

/** A metric known to the test: built in, or declared by the script's init code. */
export interface Metric {
  /** Dense index, used to find a metric's series without hashing its name on the hot path. */
  readonly id: number;
  readonly name: string;
  readonly type: MetricType;
  readonly contains: ValueType;
}

const NAME = /^[\p{L}\p{N}._ !?/&#()<>%-]{1,128}$/u;

/** Thrown when a script declares a metric that cannot be. */
export class MetricDeclarationError extends Error {
  override readonly name = "MetricDeclarationError";
}

/**
 * The metrics of one test run. Built-in metrics are registered first; scripts add custom ones
 * from their init code, once per VU, so declaring the same metric again returns the same object.
 */
export class MetricRegistry {
  readonly #byName = new Map<string, Metric>();
  readonly #all: Metric[] = [];

  /** Registers a metric, or returns the one of that name if its type and value type agree. */
  define(name: string, type: MetricType, contains: ValueType = "default"): Metric {
    const existing = this.#byName.get(name);
    if (existing) {
      if (existing.type !== type || existing.contains !== contains) {
        throw new MetricDeclarationError(
          `metric "${name}" is already a ${existing.type}${existing.contains === "default" ? "" : ` of ${existing.contains}`}; it cannot be declared again as a ${type}${contains === "default" ? "" : ` of ${contains}`}`,
        );
      }
      return existing;
    }
    if (!NAME.test(name)) {
      throw new MetricDeclarationError(
        `invalid metric name "${name}": use 1 to 128 letters, digits, spaces or ._!?/&#()<>%- characters`,
      );
    }
    const metric: Metric = Object.freeze({ id: this.#all.length, name, type, contains });
    this.#byName.set(name, metric);
    this.#all.push(metric);
    return metric;
  }

  get(name: string): Metric | undefined {
    return this.#byName.get(name);
  }

  all(): readonly Metric[] {
    return this.#all;
  }
}
