import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// insights.test.ts runs the platform (@barrage/api) inside the test process. graphql 16 ships
// CommonJS (`main`) and ESM (`module`) copies of itself: Node, and so Apollo and graphql-tools,
// load the CommonJS one, while vitest would hand the platform's own files (a workspace package, so
// not left to Node) the ESM one, and graphql's instanceof checks then fail across the two ("Cannot
// use GraphQLObjectType from another module or realm"). Point everything at Node's choice, as
// packages/api/vitest.config.ts does.
const graphql = createRequire(import.meta.url).resolve("graphql");

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] },
});
