import type { VirtualUser } from "../vu/virtual-user.js";

/**
 * The VUs of this instance. Scenarios borrow VUs and give them back; a VU runs one scenario's
 * iterations at a time. VUs beyond the initial ones (arrival-rate `maxVUs`) are initialised on
 * demand, which costs one run of the script's init code.
 */
export class VuPool {
  readonly #free: VirtualUser[] = [];
  readonly #all: VirtualUser[] = [];
  #created = 0;

  constructor(
    readonly capacity: number,
    readonly create: (idInInstance: number) => VirtualUser,
    readonly onChange: (initialized: number) => void,
  ) {}

  get initialized(): number {
    return this.#created;
  }

  /**
   * Initialises VUs until `count` exist, yielding to the event loop between batches so that the
   * control API and progress output stay responsive while thousands of VUs start.
   */
  async initialize(count: number, onProgress?: (done: number) => void): Promise<void> {
    const target = Math.min(count, this.capacity);
    while (this.#created < target) {
      const batchEnd = Math.min(target, this.#created + 250);
      while (this.#created < batchEnd) this.#free.push(this.#make());
      onProgress?.(this.#created);
      if (this.#created < target) await new Promise((r) => setImmediate(r));
    }
  }

  #make(): VirtualUser {
    const vu = this.create(this.#created + 1);
    this.#created++;
    this.#all.push(vu);
    this.onChange(this.#created);
    return vu;
  }

  /** A free VU, or undefined when all are busy. */
  take(): VirtualUser | undefined {
    return this.#free.pop();
  }

  /** A free VU, initialising a new one when none is free and the pool is below its capacity. */
  takeOrCreate(): VirtualUser | undefined {
    return this.#free.pop() ?? (this.#created < this.capacity ? this.#make() : undefined);
  }

  give(vu: VirtualUser): void {
    this.#free.push(vu);
  }

  /** Calls `fn` for every VU initialised so far. */
  forEach(fn: (vu: VirtualUser) => void): void {
    for (const vu of this.#all) fn(vu);
  }

  /** Closes every VU's connections. */
  async closeAll(): Promise<void> {
    await Promise.all(this.#all.map((vu) => vu.close()));
  }

  /** Every VU not lent out. */
  get free(): number {
    return this.#free.length;
  }
}
