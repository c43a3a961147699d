import { readFileSync } from "node:fs";
import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphQLSchema } from "graphql";
import { resolvers } from "./resolvers/index.js";

/**
 * The SDL, read beside this module: `src/graphql/` in tests, `dist/graphql/` once built (the
 * build copies it there).
 */
export const SCHEMA_FILE = new URL("./schema.graphql", import.meta.url);

/** The executable schema: `schema.graphql` with the resolvers. */
export function createSchema(): GraphQLSchema {
  let typeDefs: string;
  try {
    typeDefs = readFileSync(SCHEMA_FILE, "utf8");
  } catch (error) {
    throw new Error(
      `Cannot read the GraphQL schema at ${SCHEMA_FILE.pathname}; was it copied next to the build?`,
      {
        cause: error,
      },
    );
  }
  return makeExecutableSchema({ typeDefs, resolvers });
}
