import { requireScope } from "../../auth/scopes.js";
import {
  type CreatePrivateLoadZoneInput,
  createPrivateLoadZone,
  enrolmentTokenInfo,
  findLoadZone,
  findPrivateZone,
  findZoneAgent,
  issueEnrolmentToken,
  type LoadZoneRecord,
  listLoadZones,
  listZoneAgents,
  revokeEnrolmentToken,
  revokeZoneAgent,
  type ZoneAgentRecord,
} from "../../zones/index.js";
import type { GraphQLContext } from "../context.js";
import { fromGlobalId, toGlobalId } from "../global-id.js";
import { findTestRun } from "../scoped-rows.js";

/** One of the viewer's own private zones, by the global id in `zoneId`, for a mutation that needs ADMIN. */
async function administeredZone({ db, viewer }: GraphQLContext, zoneId: string): Promise<LoadZoneRecord> {
  requireScope(viewer.scopes, "ADMIN");
  return findPrivateZone(db, viewer.organizationId, fromGlobalId(zoneId, "LoadZone", "zoneId"));
}

/**
 * Load zones and private zones' agents: the fields and root operations of the schema's "Load zones"
 * part. Everything is looked up within the viewer's organization (built-in zones are every
 * organization's): another organization's zone or agent is NOT_FOUND, as one that does not exist.
 * Creating zones, rotating or revoking tokens and revoking agents decide which machines may join
 * the organization's infrastructure, so they need ADMIN, like the organization's limits.
 */
export const loadZoneResolvers = {
  Query: {
    loadZones: (_root: unknown, _args: unknown, { db, viewer }: GraphQLContext) =>
      listLoadZones(db, viewer.organizationId),
    loadZone: (_root: unknown, args: { id: string }, { db, viewer }: GraphQLContext) =>
      findLoadZone(db, viewer.organizationId, fromGlobalId(args.id, "LoadZone", "id")),
  },
  Mutation: {
    createPrivateLoadZone: (
      _root: unknown,
      { input }: { input: CreatePrivateLoadZoneInput },
      { db, viewer }: GraphQLContext,
    ) => {
      requireScope(viewer.scopes, "ADMIN");
      return createPrivateLoadZone(db, viewer.organizationId, input);
    },
    rotateEnrolmentToken: async (_root: unknown, args: { zoneId: string }, context: GraphQLContext) => {
      const zone = await administeredZone(context, args.zoneId);
      return { zone, enrolmentToken: await issueEnrolmentToken(context.db, zone.id) };
    },
    revokeEnrolmentToken: async (_root: unknown, args: { zoneId: string }, context: GraphQLContext) => {
      const zone = await administeredZone(context, args.zoneId);
      await revokeEnrolmentToken(context.db, zone.id);
      return zone;
    },
    revokeAgent: async (_root: unknown, args: { id: string }, { db, viewer }: GraphQLContext) => {
      requireScope(viewer.scopes, "ADMIN");
      const agentId = fromGlobalId(args.id, "ZoneAgent", "id");
      await revokeZoneAgent(db, viewer.organizationId, agentId);
      return findZoneAgent(db, viewer.organizationId, agentId);
    },
  },
  LoadZone: {
    id: (zone: LoadZoneRecord) => toGlobalId("LoadZone", zone.id),
    provider: (zone: LoadZoneRecord) => zone.provider.toUpperCase(),
    builtIn: (zone: LoadZoneRecord) => zone.organizationId === null,
    labels: (zone: LoadZoneRecord) => Object.entries(zone.labels).map(([name, value]) => ({ name, value })),
    agents: (zone: LoadZoneRecord, _args: unknown, { db }: GraphQLContext) =>
      zone.provider === "private" ? listZoneAgents(db, zone.id) : [],
    enrolmentToken: async (zone: LoadZoneRecord, _args: unknown, { db }: GraphQLContext) =>
      zone.provider === "private" ? ((await enrolmentTokenInfo(db, zone.id)) ?? null) : null,
  },
  ZoneAgent: {
    id: (agent: ZoneAgentRecord) => toGlobalId("ZoneAgent", agent.id),
    zone: (agent: ZoneAgentRecord, _args: unknown, { db, viewer }: GraphQLContext) =>
      findLoadZone(db, viewer.organizationId, agent.zoneId),
    run: (agent: ZoneAgentRecord, _args: unknown, { db, viewer }: GraphQLContext) =>
      agent.runId === null ? null : findTestRun(db, viewer.organizationId, agent.runId),
  },
};
