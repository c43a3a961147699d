#!/usr/bin/env node
import { main } from "../dist/barrage.mjs";

main(process.argv).catch((error) => {
  process.stderr.write(`barrage: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
