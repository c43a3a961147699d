import type { ApolloServerPlugin } from "@apollo/server";
import {
  assertOperationWithinLimits,
  DEFAULT_OPERATION_LIMITS,
  type OperationLimits,
} from "./operation-size.js";

/**
 * Applies the depth and cost limits to every HTTP operation once Apollo has parsed and validated
 * it and before it runs. The hook has the request's variables, which a validation rule would not,
 * and `first: $n` must count.
 */
export function operationLimitsPlugin(
  limits: OperationLimits = DEFAULT_OPERATION_LIMITS,
): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          assertOperationWithinLimits(schema, document, operationName, request.variables, limits);
        },
      };
    },
  };
}
