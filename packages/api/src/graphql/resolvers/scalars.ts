import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from "graphql";

/** Instants as ISO 8601 strings in UTC; the API only outputs them. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue(value) {
    const date = new Date(String(value));
    if (typeof value !== "string" || Number.isNaN(date.getTime())) {
      throw new GraphQLError("A DateTime is an ISO 8601 string, such as 2025-11-28T09:30:00Z");
    }
    return date;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("A DateTime is an ISO 8601 string");
    return this.parseValue?.(ast.value) as Date;
  },
});

/** Any JSON value, passed through as is (script options, event details). */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: "JSON",
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
