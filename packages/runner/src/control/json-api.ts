import type { ControlGroup, ControlMetric, ControlStatus } from "./run-control.js";

// The documents below reproduce k6's api/v1 JSON:API envelopes field for field and in k6's key
// order, so that k6's own client and tooling parse them.

/** The `GET`/`PATCH /v1/status` document. */
export function statusDocument(status: ControlStatus) {
  return {
    data: {
      type: "status",
      id: "default",
      attributes: {
        status: status.status,
        paused: status.paused,
        vus: status.vus,
        "vus-max": status.vusMax,
        stopped: status.stopped,
        running: status.running,
        tainted: status.tainted,
      },
    },
  };
}

/** One metric as a JSON:API resource of type `metrics`, identified by its name. */
export function metricResource(metric: ControlMetric) {
  return {
    type: "metrics",
    id: metric.name,
    attributes: {
      type: metric.type,
      contains: metric.contains,
      tainted: metric.tainted,
      sample: metric.sample,
    },
  };
}

/**
 * One group as a JSON:API resource of type `groups`, with its parent and child groups as
 * relationships. `all` is the flattened group list the children are looked up in.
 */
export function groupResource(group: ControlGroup, all: readonly ControlGroup[]) {
  return {
    type: "groups",
    id: group.id,
    attributes: {
      path: group.path,
      name: group.name,
      // k6 serialises a group without checks as a nil Go slice, i.e. null rather than [].
      checks: group.checks.length === 0 ? null : group.checks,
    },
    relationships: {
      groups: {
        data: all.filter((child) => child.parentId === group.id).map((child) => groupReference(child.id)),
      },
      parent: { data: group.parentId === null ? null : groupReference(group.parentId) },
    },
  };
}

function groupReference(id: string) {
  return { type: "groups", id };
}

/**
 * The `/v1/setup` document. Setup data that is absent (`undefined`) gives empty attributes, as
 * k6 sends when setup() returned nothing; any other value, `null` included, is sent as `data`.
 */
export function setupDocument(data: unknown) {
  return {
    data: { type: "setupData", id: "default", attributes: data === undefined ? {} : { data } },
  };
}
