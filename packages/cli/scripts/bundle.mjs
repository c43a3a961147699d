// Bundles the built CLI and its workspace dependencies into one file. Node then reads one module
// instead of resolving a few hundred, which halves the CLI's start-up (it counts towards the time
// until the first VU sends its first request). esbuild stays external: its JavaScript API starts
// its own binary and cannot be bundled.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/main.js"],
  outfile: "dist/barrage.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["esbuild"],
  logLevel: "warning",
  banner: {
    js: 'import { createRequire as __barrageCreateRequire } from "node:module"; const require = __barrageCreateRequire(import.meta.url);',
  },
});
