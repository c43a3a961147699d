export { type Api, ApiContext, useApi } from "./api-context.js";
export { createGraphQLClient, type GraphQLClient, GraphQLRequestError, websocketUrl } from "./client.js";
export { createSubscriptions, type SubscriptionHandlers, type Subscriptions } from "./subscriptions.js";
export * from "./types.js";
export { type MutationState, type QueryState, useMutation, useQuery } from "./use-query.js";
