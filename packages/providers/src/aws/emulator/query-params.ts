/** A filter of a Describe call: `Filter.N.Name` with its values `Filter.N.Value.M`. */
export interface QueryFilter {
  name: string;
  values: string[];
}

/** A tag specification of RunInstances: `TagSpecification.N.ResourceType` and `.Tag.M.Key/Value`. */
export interface QueryTagSpecification {
  resourceType: string;
  tags: { key: string; value: string }[];
}

/**
 * The members `prefix.1`, `prefix.2`, ... of an EC2 query list, in order, stopping at the first gap
 * (as EC2 does): `list(params, "InstanceId")` reads `InstanceId.1=i-1&InstanceId.2=i-2`.
 *
 * @example
 * list(new URLSearchParams("InstanceId.1=i-1&InstanceId.2=i-2"), "InstanceId"); // ["i-1", "i-2"]
 */
export function list(params: URLSearchParams, prefix: string): string[] {
  const values: string[] = [];
  for (let n = 1; params.has(`${prefix}.${n}`); n++) values.push(params.get(`${prefix}.${n}`) as string);
  return values;
}

/**
 * The filters of a Describe call.
 *
 * @example
 * filters(new URLSearchParams("Filter.1.Name=tag:a&Filter.1.Value.1=b")); // [{ name: "tag:a", values: ["b"] }]
 */
export function filters(params: URLSearchParams): QueryFilter[] {
  const result: QueryFilter[] = [];
  for (let n = 1; params.has(`Filter.${n}.Name`); n++)
    result.push({
      name: params.get(`Filter.${n}.Name`) as string,
      values: list(params, `Filter.${n}.Value`),
    });
  return result;
}

/**
 * The tag specifications of RunInstances.
 *
 * @example
 * tagSpecifications(params).find((s) => s.resourceType === "instance")?.tags;
 */
export function tagSpecifications(params: URLSearchParams): QueryTagSpecification[] {
  const result: QueryTagSpecification[] = [];
  for (let n = 1; params.has(`TagSpecification.${n}.ResourceType`); n++) {
    const tags: { key: string; value: string }[] = [];
    for (let m = 1; params.has(`TagSpecification.${n}.Tag.${m}.Key`); m++)
      tags.push({
        key: params.get(`TagSpecification.${n}.Tag.${m}.Key`) as string,
        value: params.get(`TagSpecification.${n}.Tag.${m}.Value`) ?? "",
      });
    result.push({ resourceType: params.get(`TagSpecification.${n}.ResourceType`) as string, tags });
  }
  return result;
}
