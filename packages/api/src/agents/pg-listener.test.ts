import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { listen } from "./pg-listener.js";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ workerSchema: false });
});

afterAll(() => db.drop());

async function until(what: string, predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("listen", () => {
  it("delivers notifications, and listens again after its connection was cut, saying so", async () => {
    const received: string[] = [];
    const log: string[] = [];
    let resumed = 0;
    const listener = await listen(
      db.pool,
      ["test_a", "test_b"],
      (channel, payload) => received.push(`${channel}:${payload}`),
      {
        onResume: () => {
          resumed++;
        },
        log: (message) => log.push(message),
      },
    );
    try {
      await db.pool.query(
        `select pg_notify('test_a', '1'), pg_notify('test_b', '2'), pg_notify('test_c', '3')`,
      );
      await until("two notifications", () => received.length === 2);
      expect(received).toEqual(["test_a:1", "test_b:2"]);

      await db.pool.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query like 'listen%'`,
      );
      await until("listening again", () => resumed === 1);
      expect(log[0]).toMatch(/lost the LISTEN connection for test_a, test_b/);
      await db.pool.query(`select pg_notify('test_a', '4')`);
      await until("the notification after the cut", () => received.length === 3);
      expect(received[2]).toBe("test_a:4");
    } finally {
      await listener.close();
    }
    await db.pool.query(`select pg_notify('test_a', '5')`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toHaveLength(3);
  });
});
