/** The resolvers of `schema.graphql`, one file per root type, plus object types and scalars. */
import { mutationResolvers } from "./mutation.js";
import { queryResolvers } from "./query.js";
import { DateTimeScalar, JSONScalar } from "./scalars.js";
import { subscriptionResolvers } from "./subscription.js";
import { typeResolvers } from "./types.js";

/** Every resolver, as `makeExecutableSchema` takes them. */
export const resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: queryResolvers,
  Mutation: mutationResolvers,
  Subscription: subscriptionResolvers,
  ...typeResolvers,
};
