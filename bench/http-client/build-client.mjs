/**
 * Bundles packages/runner/src/http (TypeScript) into build/http-client.mjs with esbuild, so the
 * benchmarks run the current source without building the whole runner package. undici and
 * tough-cookie stay imports, resolved from the repository's node_modules.
 */
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const entry = fileURLToPath(new URL("../../packages/runner/src/http/index.ts", import.meta.url));
const outfile = fileURLToPath(new URL("./build/http-client.mjs", import.meta.url));

/** Builds the bundle and returns its path. */
export async function buildClient() {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  return outfile;
}
