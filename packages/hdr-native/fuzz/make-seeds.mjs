/**
 * Writes the fuzz seed corpus into the directory given as the first argument: every encoding and
 * every invalid input of ../vectors/vectors.json as bytes, each valid encoding also in the "\x" hex
 * text form, and a few hand-written readable text forms.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
if (!out) {
  console.error("usage: node make-seeds.mjs OUTPUT_DIR");
  process.exit(2);
}
const vectors = JSON.parse(readFileSync(new URL("../vectors/vectors.json", import.meta.url), "utf8"));
mkdirSync(out, { recursive: true });

const seeds = new Map();
for (const c of [...vectors.histograms, ...vectors.merges]) {
  seeds.set(`valid-${c.name}`, Buffer.from(c.encoded_hex, "hex"));
  seeds.set(`hex-${c.name}`, Buffer.from(`\\x${c.encoded_hex}`));
}
for (const c of vectors.invalid) seeds.set(`invalid-${c.name}`, Buffer.from(c.hex, "hex"));
const texts = [
  '{"count":0,"sum":0,"min":0,"max":0,"runs":[]}',
  '{"count":4,"sum":1102,"min":200,"max":500,"runs":[[200,[1,2]],[378,[1]]]}',
  ' { "runs" : [ [ 7000 , [ 1 ] ] ] , "max":1945555039024054272, "min":1945555039024054272, "sum":1945555039024054272, "count":1 }',
];
for (const [k, text] of texts.entries()) seeds.set(`text-${k}`, Buffer.from(text));

for (const [name, bytes] of seeds) writeFileSync(join(out, name.replace(/[^a-z0-9-]+/gi, "_")), bytes);
console.log(`make-seeds: ${seeds.size} seeds in ${out}`);
