import type { RequireFn } from "../script/compile.js";
import type { VirtualUser } from "../vu/virtual-user.js";
import { createDataModule } from "./data.js";
import { createExecutionModule } from "./execution.js";
import { createHttpModule } from "./http/index.js";
import { createK6Module } from "./k6.js";
import { createMetricsModule } from "./metrics.js";
import { createSummaryModule } from "./summary.js";

const FACTORIES: Record<string, (vu: VirtualUser) => unknown> = {
  k6: createK6Module,
  "k6/http": createHttpModule,
  "k6/metrics": createMetricsModule,
  "k6/execution": createExecutionModule,
  "k6/data": createDataModule,
  "barrage:k6-summary": createSummaryModule,
};

/**
 * The `require()` a VU's bundle calls for the built-in modules: each VU gets its own module
 * objects, created on first import, bound to that VU.
 */
export function requireFor(vu: VirtualUser): RequireFn {
  return (name) => {
    let module = vu.modules.get(name);
    if (module === undefined) {
      const factory = FACTORIES[name];
      if (!factory) throw new Error(`unknown module "${name}"`);
      module = withDefault(factory(vu));
      vu.modules.set(name, module);
    }
    return module;
  };
}

/** esbuild's CommonJS interop reads `default` for `import x from "k6/http"`: give the module itself. */
function withDefault(module: unknown): unknown {
  const object = module as Record<string, unknown>;
  if (!("default" in object)) Object.defineProperty(object, "default", { value: object, enumerable: false });
  Object.defineProperty(object, "__esModule", { value: true, enumerable: false });
  return object;
}
