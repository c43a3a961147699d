import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toGlobalId } from "../graphql/global-id.js";
import { startTestApi, type TestApi } from "../server/test-api.test-helpers.js";
import { type SeededOrganization, seedOrganization } from "../test-fixtures.test-helpers.js";
import { insertZoneAgent } from "./store/insert-zone-agent.js";

let api: TestApi;
let a: SeededOrganization;
let b: SeededOrganization;
/** A's zone "office", its first token and an agent enrolled in it. */
const office = { id: "", token: "", agentId: "" };

const CREATE = `mutation ($input: CreatePrivateLoadZoneInput!) {
  createPrivateLoadZone(input: $input) {
    zone { id name provider builtIn vusPerAgent labels { name value } enrolmentToken { prefix } agents { id } }
    enrolmentToken
  }
}`;

beforeAll(async () => {
  api = await startTestApi();
  a = await seedOrganization(api.db, "a");
  b = await seedOrganization(api.db, "b");
  const answer = await api.graphql(a.tokens.admin, CREATE, {
    input: { name: "office", labels: [{ name: "site", value: "berlin" }], vusPerAgent: 250 },
  });
  office.id = answer.data?.createPrivateLoadZone.zone.id;
  office.token = answer.data?.createPrivateLoadZone.enrolmentToken;
  const zoneRow = Number(Buffer.from(office.id, "base64url").toString().split(":")[1]);
  const { rows } = await api.database.pool.query(
    `select id from zone_enrolment_tokens where load_zone_id = $1`,
    [zoneRow],
  );
  const agentId = await insertZoneAgent(api.db, {
    zoneId: zoneRow,
    enrolmentTokenId: Number(rows[0].id),
    name: "build-box",
    version: "0.1.0",
    capacityVus: 250,
  });
  office.agentId = toGlobalId("ZoneAgent", agentId);
});
afterAll(() => api.close());

describe("private load zones through GraphQL", () => {
  it("registers a zone and shows its enrolment token once; only the token's prefix afterwards", async () => {
    const answer = await api.graphql(a.tokens.admin, CREATE, {
      input: { name: "lab", labels: [{ name: "rack", value: "3" }], vusPerAgent: 10 },
    });
    expect(answer.errors).toBeUndefined();
    const { zone, enrolmentToken } = answer.data?.createPrivateLoadZone ?? {};
    expect(enrolmentToken).toMatch(/^brz_[A-Za-z0-9_-]{43}$/);
    expect(zone).toMatchObject({
      name: "lab",
      provider: "PRIVATE",
      builtIn: false,
      vusPerAgent: 10,
      labels: [{ name: "rack", value: "3" }],
      enrolmentToken: { prefix: enrolmentToken.slice(0, 12) },
      agents: [],
    });
    const { rows } = await api.database.pool.query(`select token_hash from zone_enrolment_tokens`);
    expect(JSON.stringify(rows)).not.toContain(enrolmentToken);
  });

  it("lists the built-in zones and the organization's own, and its agents with their state", async () => {
    const answer = await api.graphql(
      a.tokens.read,
      `{ loadZones { name provider builtIn agents { name state version capacityVus run { id } zone { name } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.loadZones).toEqual([
      { name: "local", provider: "LOCAL", builtIn: true, agents: [] },
      { name: "lab", provider: "PRIVATE", builtIn: false, agents: [] },
      {
        name: "office",
        provider: "PRIVATE",
        builtIn: false,
        agents: [
          {
            name: "build-box",
            state: "IDLE",
            version: "0.1.0",
            capacityVus: 250,
            run: null,
            zone: { name: "office" },
          },
        ],
      },
    ]);
    const node = await api.graphql(
      a.tokens.read,
      `query ($id: ID!) { node(id: $id) { ... on ZoneAgent { name } } }`,
      {
        id: office.agentId,
      },
    );
    expect(node.data?.node).toEqual({ name: "build-box" });
  });

  it("checks names, labels and VUs, and refuses a name taken by a built-in or own zone", async () => {
    const field = async (input: Record<string, unknown>) => {
      const answer = await api.graphql(a.tokens.admin, CREATE, { input });
      return [answer.errors?.[0]?.extensions.code, answer.errors?.[0]?.extensions.field];
    };
    expect(await field({ name: "bad name!", vusPerAgent: 1 })).toEqual(["BAD_USER_INPUT", "input.name"]);
    expect(await field({ name: "x", vusPerAgent: 0 })).toEqual(["BAD_USER_INPUT", "input.vusPerAgent"]);
    expect(
      await field({
        name: "x",
        vusPerAgent: 1,
        labels: [
          { name: "a", value: "1" },
          { name: "a", value: "2" },
        ],
      }),
    ).toEqual(["BAD_USER_INPUT", "input.labels.1.name"]);
    expect(await field({ name: "local", vusPerAgent: 1 })).toEqual(["CONFLICT", "input.name"]);
    expect(await field({ name: "office", vusPerAgent: 1 })).toEqual(["CONFLICT", "input.name"]);
  });

  it("needs ADMIN to create zones, rotate or revoke tokens and revoke agents", async () => {
    for (const mutation of [
      `mutation { createPrivateLoadZone(input: {name: "x", vusPerAgent: 1}) { enrolmentToken } }`,
      `mutation { rotateEnrolmentToken(zoneId: "${office.id}") { enrolmentToken } }`,
      `mutation { revokeEnrolmentToken(zoneId: "${office.id}") { id } }`,
      `mutation { revokeAgent(id: "${office.agentId}") { id } }`,
    ]) {
      const answer = await api.graphql(a.tokens.write, mutation);
      expect(answer.errors?.[0]?.extensions.code, mutation).toBe("FORBIDDEN");
    }
  });

  it("rotates and revokes the enrolment token; built-in zones have none", async () => {
    const rotated = await api.graphql(
      a.tokens.admin,
      `mutation { rotateEnrolmentToken(zoneId: "${office.id}") { enrolmentToken zone { enrolmentToken { prefix } } } }`,
    );
    const { enrolmentToken, zone } = rotated.data?.rotateEnrolmentToken ?? {};
    expect(enrolmentToken).not.toBe(office.token);
    expect(zone.enrolmentToken.prefix).toBe(enrolmentToken.slice(0, 12));
    const { rows } = await api.database.pool.query(
      `select count(*) filter (where revoked_at is null)::int as live, count(*)::int as total
         from zone_enrolment_tokens t join load_zones z on z.id = t.load_zone_id where z.name = 'office'`,
    );
    expect(rows[0]).toEqual({ live: 1, total: 2 });
    const revoked = await api.graphql(
      a.tokens.admin,
      `mutation { revokeEnrolmentToken(zoneId: "${office.id}") { enrolmentToken { prefix } } }`,
    );
    expect(revoked.data?.revokeEnrolmentToken).toEqual({ enrolmentToken: null });
    const local = await api.graphql(a.tokens.read, `{ loadZones { id name } }`);
    const localId = local.data?.loadZones.find((z: { name: string }) => z.name === "local").id;
    const builtIn = await api.graphql(
      a.tokens.admin,
      `mutation { rotateEnrolmentToken(zoneId: "${localId}") { enrolmentToken } }`,
    );
    expect(builtIn.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
  });
});

describe("organization isolation of private zones: B's token and A's ids", () => {
  it("does not list A's zones or agents to B", async () => {
    const answer = await api.graphql(b.tokens.admin, `{ loadZones { name agents { name } } }`);
    expect(answer.data?.loadZones).toEqual([{ name: "local", agents: [] }]);
  });

  it.each([
    ["loadZone", () => `{ loadZone(id: "${office.id}") { name } }`],
    ["node: zone", () => `{ node(id: "${office.id}") { id } }`],
    ["node: agent", () => `{ node(id: "${office.agentId}") { id } }`],
    [
      "rotateEnrolmentToken",
      () => `mutation { rotateEnrolmentToken(zoneId: "${office.id}") { enrolmentToken } }`,
    ],
    ["revokeEnrolmentToken", () => `mutation { revokeEnrolmentToken(zoneId: "${office.id}") { id } }`],
    ["revokeAgent", () => `mutation { revokeAgent(id: "${office.agentId}") { id } }`],
  ])("cannot reach A's %s: NOT_FOUND, and learns nothing of it", async (_, query) => {
    const answer = await api.graphql(b.tokens.admin, query());
    expect(answer.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    expect(JSON.stringify(answer)).not.toMatch(/office|build-box|berlin/);
  });

  it("left A's agent unrevoked, and lets B name a zone of its own like A's", async () => {
    const agent = await api.graphql(
      a.tokens.read,
      `{ node(id: "${office.agentId}") { ... on ZoneAgent { state } } }`,
    );
    expect(agent.data?.node).toEqual({ state: "IDLE" });
    const own = await api.graphql(b.tokens.admin, CREATE, { input: { name: "office", vusPerAgent: 5 } });
    expect(own.errors).toBeUndefined();
    expect(own.data?.createPrivateLoadZone.zone.id).not.toBe(office.id);
  });
});
