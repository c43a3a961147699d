import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// graphql 16 ships CommonJS (`main`) and ESM (`module`) copies of itself. Node, and so every
// dependency vitest leaves to Node (Apollo, graphql-tools), loads the CommonJS one, while vitest
// would hand our own sources the ESM one; graphql's instanceof checks then fail across the two
// ("Cannot use GraphQLObjectType from another module or realm"). Point ours at Node's choice.
const graphql = createRequire(import.meta.url).resolve("graphql");

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphql }] },
  // Test files start a database (and some a server or an embedded PostgreSQL) on a 2-core machine.
  test: { testTimeout: 30_000, hookTimeout: 60_000 },
});
