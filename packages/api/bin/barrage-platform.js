#!/usr/bin/env node
import { main } from "../dist/platform/main.js";

main().catch((error) => {
  process.stderr.write(`barrage platform: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
