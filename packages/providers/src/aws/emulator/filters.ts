import type { QueryFilter } from "./query-params.js";

/** What a filter can look at in an emulated instance. */
export interface FilterableInstance {
  instanceId: string;
  state: string;
  instanceType: string;
  imageId: string | undefined;
  tags: ReadonlyMap<string, string>;
}

/** The filter names the emulator knows; EC2 refuses unknown names, and so does the emulator. */
const KNOWN = new Set(["instance-id", "instance-state-name", "instance-type", "image-id", "tag-key"]);

/**
 * EC2's message for the first filter name it would not accept, or undefined when all are known.
 *
 * @example
 * checkFilters([{ name: "flavour", values: ["x"] }]); // "The filter 'flavour' is invalid"
 */
export function checkFilters(filters: readonly QueryFilter[]): string | undefined {
  for (const filter of filters)
    if (!KNOWN.has(filter.name) && !filter.name.startsWith("tag:"))
      return `The filter '${filter.name}' is invalid`;
  return undefined;
}

/**
 * Whether an instance passes every filter (AND across filters, OR across one filter's values).
 * Values match exactly; EC2's `*` and `?` wildcards are supported for tags, as EC2 allows them.
 *
 * @example
 * matchesFilters(instance, [{ name: "tag:barrage:platform", values: ["prod"] }]);
 */
export function matchesFilters(instance: FilterableInstance, filters: readonly QueryFilter[]): boolean {
  return filters.every((filter) => filter.values.some((value) => matchesOne(instance, filter.name, value)));
}

function matchesOne(instance: FilterableInstance, name: string, value: string): boolean {
  switch (name) {
    case "instance-id":
      return instance.instanceId === value;
    case "instance-state-name":
      return instance.state === value;
    case "instance-type":
      return instance.instanceType === value;
    case "image-id":
      return instance.imageId === value;
    case "tag-key":
      return instance.tags.has(value);
    default: {
      const tag = instance.tags.get(name.slice("tag:".length));
      return tag !== undefined && wildcard(value).test(tag);
    }
  }
}

function wildcard(pattern: string): RegExp {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`);
}
