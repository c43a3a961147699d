import type { Db } from "../db/database.js";
import { insertPrivateZone } from "./store/insert-private-zone.js";
import { issueEnrolmentToken } from "./store/issue-enrolment-token.js";
import type { LoadZoneRecord } from "./store/zone-records.js";
import { checkLabels, checkVusPerAgent, checkZoneName } from "./zone-input.js";

/** What an organization gives to register a private zone, as `CreatePrivateLoadZoneInput` carries it. */
export interface CreatePrivateLoadZoneInput {
  name: string;
  labels?: readonly { name: string; value: string }[] | null;
  vusPerAgent: number;
}

/** A new private zone and the secret its agents enrol with, shown this once. */
export interface PrivateLoadZoneEnrolment {
  zone: LoadZoneRecord;
  enrolmentToken: string;
}

/**
 * Registers a private load zone of an organization and makes its first enrolment token, in one
 * transaction. The input is checked first (BAD_USER_INPUT naming `input.<field>`); a name already
 * used by a built-in zone or one of the organization's is a CONFLICT.
 *
 * @example
 * const { zone, enrolmentToken } = await createPrivateLoadZone(db, organizationId, { name: "office", vusPerAgent: 200 });
 * // on each machine: barrage agent --zone office --api https://barrage.example.com:4443  (BARRAGE_ENROLMENT_TOKEN=<token>)
 */
export async function createPrivateLoadZone(
  db: Db,
  organizationId: number,
  input: CreatePrivateLoadZoneInput,
): Promise<PrivateLoadZoneEnrolment> {
  const checked = {
    name: checkZoneName(input.name, "input.name"),
    labels: checkLabels(input.labels ?? [], "input.labels"),
    vusPerAgent: checkVusPerAgent(input.vusPerAgent, "input.vusPerAgent"),
  };
  return db.transaction(async (tx) => {
    const zone = await insertPrivateZone(tx, organizationId, checked, "input.name");
    return { zone, enrolmentToken: await issueEnrolmentToken(tx, zone.id) };
  });
}
