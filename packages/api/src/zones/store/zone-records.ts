import type { loadZones } from "../../db/schema/runs.js";
import type { ZoneAgentState } from "../agent-state.js";

/** A `load_zones` row: built-in when `organizationId` is null, else the organization's own. */
export type LoadZoneRecord = typeof loadZones.$inferSelect;

/** An agent of a private zone as listings show it. */
export interface ZoneAgentRecord {
  id: number;
  zoneId: number;
  /** The name it enrolled with (its host name unless told otherwise). */
  name: string;
  state: ZoneAgentState;
  version: string | null;
  /** The most VUs it accepts in one instance. */
  capacityVus: number | null;
  lastSeenAt: Date | null;
  enrolledAt: Date;
  revokedAt: Date | null;
  /** The run of the job it holds, when BUSY. */
  runId: number | null;
}
