import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from "graphql";

/** How deep and how expensive one operation may be. */
export interface OperationLimits {
  /** The most nested fields, counting each field of a path (`a { b { c } }` is 3). */
  maxDepth: number;
  /** The most cost units; see {@link operationSize}. */
  maxCost: number;
}

/** Room for the deepest useful query (project, load tests, runs, script) with a margin. */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = { maxDepth: 10, maxCost: 10_000 };

/** The measured size of an operation. */
export interface OperationSize {
  depth: number;
  cost: number;
}

/**
 * Measures an operation before it runs. Each field costs 1 plus the cost of its selection, and a
 * field with a `first` argument (a connection) multiplies its selection's cost by the number of
 * items it may return, as the default or as given, variables included. So `projects(first: 20)
 * { edges { node { loadTests(first: 20) { edges { node { id } } } } } }` costs about 20 × 20 × 3.
 * Introspection fields (`__schema`, `__type`) are free: tools need them and they are bounded.
 *
 * The walk does not descend below `stopBelowDepth`, so a hostile document cannot make the
 * measurement itself expensive; a deeper operation reports a depth of `stopBelowDepth + 1`.
 */
export function operationSize(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
  stopBelowDepth: number,
): OperationSize {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { depth: 0, cost: 0 };
  const root = schema.getRootType(operation.operation);
  if (!root) return { depth: 0, cost: 0 };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  // Badly typed variables fail execution anyway; measure with what can be read.
  const variables = coerced.coerced ?? {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let maxDepth = 0;
  // Validation rejects fragment cycles, but this may run on an unvalidated document too.
  const spreading = new Set<string>();

  const measure = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, depth: number): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        maxDepth = Math.max(maxDepth, depth + 1);
        const field =
          isObjectType(parent) || isInterfaceType(parent)
            ? parent.getFields()[selection.name.value]
            : undefined;
        if (!field) continue;
        cost += 1;
        const child = getNamedType(field.type);
        if (!selection.selectionSet || !isCompositeType(child) || depth + 1 > stopBelowDepth) continue;
        const first = getArgumentValues(field, selection, variables).first;
        const multiplier = typeof first === "number" && first > 1 ? first : 1;
        cost += multiplier * measure(selection.selectionSet, child, depth + 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type) cost += measure(selection.selectionSet, type, depth);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        const type = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !type || spreading.has(name)) continue;
        spreading.add(name);
        cost += measure(fragment.selectionSet, type, depth);
        spreading.delete(name);
      }
    }
    return cost;
  };

  const cost = measure(operation.selectionSet, root, 0);
  return { depth: maxDepth, cost };
}

/**
 * Rejects an operation deeper or costlier than the limits with a BAD_USER_INPUT GraphQL error
 * that states the limit, so that the client knows how to shrink its query.
 */
export function assertOperationWithinLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: OperationLimits = DEFAULT_OPERATION_LIMITS,
): void {
  const size = operationSize(schema, document, operationName, variables, limits.maxDepth);
  if (size.depth > limits.maxDepth) {
    throw limitError(
      `The query nests fields more than ${limits.maxDepth} deep, the most allowed; split it into several queries`,
      { limit: "depth", maxDepth: limits.maxDepth },
    );
  }
  if (size.cost > limits.maxCost) {
    throw limitError(
      `The query may cost ${size.cost} units, over the budget of ${limits.maxCost}: each field costs 1 and a ` +
        "connection multiplies what it selects by its `first`. Ask for fewer items per page or nest fewer connections.",
      { limit: "cost", cost: size.cost, maxCost: limits.maxCost },
    );
  }
}

function limitError(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "BAD_USER_INPUT", ...extensions, http: { status: 400 } },
  });
}
