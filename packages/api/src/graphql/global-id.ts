import { BarrageError, badInput } from "../errors.js";

/** The GraphQL types whose ids are global ids. */
export type NodeType =
  | "Organization"
  | "Project"
  | "LoadTest"
  | "ScriptVersion"
  | "TestRun"
  | "LoadZone"
  | "ZoneAgent";

const NODE_TYPES: readonly NodeType[] = [
  "Organization",
  "Project",
  "LoadTest",
  "ScriptVersion",
  "TestRun",
  "LoadZone",
  "ZoneAgent",
];

/**
 * The opaque public id of a row: `base64url("<Type>:<id>")` (docs/platform.md). Clients must not
 * parse it; the type inside lets `node(id:)` find the row and catches ids passed to the wrong field.
 *
 * @example
 * toGlobalId("Project", 7); // "UHJvamVjdDo3"
 */
export function toGlobalId(type: NodeType, id: number): string {
  return Buffer.from(`${type}:${id}`).toString("base64url");
}

/** Splits a global id into its type and row id; BAD_USER_INPUT naming `field` when it is not one. */
export function parseGlobalId(globalId: string, field: string): { type: NodeType; id: number } {
  const match = /^([A-Za-z]+):([1-9][0-9]{0,15})$/.exec(Buffer.from(globalId, "base64url").toString("utf8"));
  const type = match?.[1] as NodeType | undefined;
  const id = Number(match?.[2]);
  if (!type || !NODE_TYPES.includes(type) || !Number.isSafeInteger(id)) {
    throw badInput(field, `"${globalId.slice(0, 64)}" is not an id this API gave out`);
  }
  return { type, id };
}

/**
 * The row id inside a global id of the expected type. An id of another type is NOT_FOUND, as it
 * names nothing of that type.
 */
export function fromGlobalId(globalId: string, expected: NodeType, field: string): number {
  const { type, id } = parseGlobalId(globalId, field);
  if (type !== expected) throw new BarrageError("NOT_FOUND", `No ${expected} with id ${globalId}`, { field });
  return id;
}
