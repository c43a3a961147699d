/**
 * The resolvers of `schema.graphql`: one file per root type, plus object types and scalars, and
 * one per part of the schema that spans several types (comparison, load zones).
 */
import { comparisonResolvers } from "./comparison.js";
import { insightResolvers } from "./insights.js";
import { loadZoneResolvers } from "./load-zones.js";
import { mutationResolvers } from "./mutation.js";
import { queryResolvers } from "./query.js";
import { DateTimeScalar, JSONScalar } from "./scalars.js";
import { subscriptionResolvers } from "./subscription.js";
import { typeResolvers } from "./types.js";

/** Every resolver, as `makeExecutableSchema` takes them. */
export const resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: { ...queryResolvers, ...comparisonResolvers.Query, ...loadZoneResolvers.Query },
  Mutation: { ...mutationResolvers, ...comparisonResolvers.Mutation, ...loadZoneResolvers.Mutation },
  Subscription: subscriptionResolvers,
  ...typeResolvers,
  TestRun: { ...typeResolvers.TestRun, ...comparisonResolvers.TestRun, ...insightResolvers.TestRun },
  LoadTest: { ...typeResolvers.LoadTest, ...comparisonResolvers.LoadTest },
  LoadZone: loadZoneResolvers.LoadZone,
  ZoneAgent: loadZoneResolvers.ZoneAgent,
};
