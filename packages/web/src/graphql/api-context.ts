import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { GraphQLClient, GraphQLRequestError } from "./client.js";
import type { Subscriptions } from "./subscriptions.js";

/** The signed-in API: queries and mutations, subscriptions, and what to do when the token is refused. */
export interface Api {
  client: GraphQLClient;
  subscriptions: Subscriptions;
  /** Called with an UNAUTHENTICATED error: the token was revoked or mistyped. */
  onUnauthenticated(error: GraphQLRequestError): void;
}

/** Set by the session once signed in. */
export const ApiContext = createContext<Api | null>(null);

/** The signed-in API; only pages behind the sign-in use it. */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi() outside the signed-in app: render it inside <ApiContext.Provider>");
  return api;
}
