import type { LoadZoneProvider } from "@barrage/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { seedProviderZones } from "./seed-provider-zones.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ workerSchema: false });
});
afterAll(() => database?.drop());

function provider(zones: string[]): LoadZoneProvider {
  return {
    name: "aws",
    allocate: async () => [],
    status: async () => ({ state: "unknown" }),
    release: async () => {},
    listZones: async () => zones.map((name) => ({ name, provider: "aws", description: `${name} on AWS` })),
  };
}

async function builtIn() {
  const { rows } = await database.pool.query(
    `select name, provider, vus_per_agent, config from load_zones where organization_id is null order by name`,
  );
  return rows;
}

describe("seedProviderZones", () => {
  it("adds a provider's zones as built-in zones, updates them on the next start, and leaves other providers' alone", async () => {
    const aws = provider(["amazon:ie:dublin", "amazon:us:ashburn", "local"]);
    expect(await seedProviderZones(database.pool, aws, 500)).toEqual({
      seeded: ["amazon:ie:dublin", "amazon:us:ashburn"],
      taken: ["local"],
    });
    // The next start, with another VUs per instance: the same rows, brought up to date.
    expect(await seedProviderZones(database.pool, aws, 300)).toEqual({
      seeded: ["amazon:ie:dublin", "amazon:us:ashburn"],
      taken: ["local"],
    });
    expect(await builtIn()).toEqual([
      {
        name: "amazon:ie:dublin",
        provider: "aws",
        vus_per_agent: 300,
        config: { description: "amazon:ie:dublin on AWS" },
      },
      {
        name: "amazon:us:ashburn",
        provider: "aws",
        vus_per_agent: 300,
        config: { description: "amazon:us:ashburn on AWS" },
      },
      { name: "local", provider: "local", vus_per_agent: 1000, config: {} },
    ]);
  });
});
