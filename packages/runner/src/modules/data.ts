import type { VirtualUser } from "../vu/virtual-user.js";

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** The `k6/data` module of one VU: SharedArray, built once per test and shared read-only by all VUs. */
export function createDataModule(vu: VirtualUser) {
  const ctx = vu.ctx;
  return {
    SharedArray: function SharedArray(name: unknown, build: unknown): readonly unknown[] {
      if (!new.target) throw new TypeError("SharedArray must be called with new");
      if (!vu.inInit) throw new Error("new SharedArray() must be called in the init context");
      if (typeof name !== "string" || name === "")
        throw new TypeError("new SharedArray(name, fn): name must be a non-empty string");
      if (typeof build !== "function")
        throw new TypeError(`new SharedArray("${name}", fn): fn must be a function returning an array`);
      let array = ctx.sharedArrays.get(name);
      if (!array) {
        const built = build();
        if (!Array.isArray(built))
          throw new TypeError(
            `new SharedArray("${name}", fn): fn must return an array, it returned ${typeof built}`,
          );
        array = deepFreeze(built);
        ctx.sharedArrays.set(name, array);
      }
      return array;
    } as unknown as new (
      name: string,
      build: () => unknown[],
    ) => readonly unknown[],
  };
}
