import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, redact } from "./connect.js";
import { defaultStateDirectory } from "./state-directory.js";
import { createTestDatabase, type TestDatabase } from "./test-database.test-helpers.js";

describe("connectDatabase with a DATABASE_URL", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false, workerSchema: false });
  });
  afterAll(() => db.drop());

  it("uses that database and logs it without the password", async () => {
    const url = new URL(db.url);
    url.password = "s3cret-pw"; // trust authentication ignores it; it must still stay out of logs
    const lines: string[] = [];
    const connection = await connectDatabase({
      databaseUrl: url.toString(),
      stateDir: "/nonexistent",
      log: (line) => lines.push(line),
    });
    try {
      const { rows } = await connection.pool.query("select current_database() as name");
      expect(rows[0].name).toBe(url.pathname.slice(1));
      expect(connection.kind).toBe("external");
      expect(lines.join("\n")).toContain(url.pathname);
      expect(lines.join("\n")).not.toContain("s3cret-pw");
    } finally {
      await connection.close();
    }
  });

  it("fails at once, saying where, when the database is unreachable", async () => {
    await expect(
      connectDatabase({
        databaseUrl: "postgres://root:pw@127.0.0.1:1/none",
        stateDir: "/nonexistent",
        log: () => {},
      }),
    ).rejects.toThrow(/Cannot connect to postgres:\/\/root:\*\*\*@127\.0\.0\.1:1\/none/);
  });
});

describe("redact", () => {
  it("hides the password and withholds what it cannot parse", () => {
    expect(redact("postgres://u:p%40ss@h:5432/d")).toBe("postgres://u:***@h:5432/d");
    expect(redact("postgres://u@h/d")).toBe("postgres://u@h/d");
    expect(redact("host=/tmp password=x")).not.toContain("x");
  });
});

describe("defaultStateDirectory", () => {
  it("follows XDG_STATE_HOME, else ~/.local/state", () => {
    expect(defaultStateDirectory({ XDG_STATE_HOME: "/var/state" })).toBe("/var/state/barrage");
    expect(defaultStateDirectory({})).toMatch(/\/\.local\/state\/barrage$/);
  });
});

describe("connectDatabase without a DATABASE_URL", () => {
  let stateDir: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "barrage-state-"));
    // mkdtemp makes the folder 0700; as root the server runs as "postgres" and must get through it.
    await chmod(stateDir, 0o755);
  });
  afterAll(() => rm(stateDir, { recursive: true, force: true }));

  it("starts an embedded PostgreSQL under the state directory and reuses its data next time", async () => {
    const lines: string[] = [];
    const first = await connectDatabase({ stateDir, log: (line) => lines.push(line) });
    try {
      expect(first.kind).toBe("embedded");
      await first.pool.query("create table kept (value text); insert into kept values ('still here')");
    } finally {
      await first.close();
    }
    const second = await connectDatabase({ stateDir, log: (line) => lines.push(line) });
    try {
      const { rows } = await second.pool.query("select value from kept");
      expect(rows).toEqual([{ value: "still here" }]);
    } finally {
      await second.close();
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(join(stateDir, "postgres"));
    expect(lines.join("\n")).not.toMatch(/:\/\//);
  }, 60_000);

  it.runIf(process.getuid?.() === 0)(
    "as root, explains a state directory the postgres user cannot enter",
    async () => {
      const closed = await mkdtemp(join(tmpdir(), "barrage-closed-"));
      try {
        await expect(connectDatabase({ stateDir: join(closed, "barrage"), log: () => {} })).rejects.toThrow(
          /"postgres" user, which cannot enter .*barrage-closed-.* \(mode 700\).*XDG_STATE_HOME/,
        );
      } finally {
        await rm(closed, { recursive: true, force: true });
      }
    },
  );
});
