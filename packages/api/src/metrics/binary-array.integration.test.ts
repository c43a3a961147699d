import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binaryArray } from "./binary-array.js";

const client = new pg.Client({
  connectionString: process.env.DATABASE_URL ?? "postgres://root@127.0.0.1:5432/test",
});
beforeAll(() => client.connect());
afterAll(() => client.end());

describe("binaryArray", () => {
  it("is read by PostgreSQL as the same values, nulls and extremes included", async () => {
    const ints = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 32, -(2 ** 32), null];
    const floats = [0, -0.5, 1e-300, 1.7976931348623157e308, Math.PI, null];
    const { rows } = await client.query(
      "select $1::int8[]::text[] as i8, $2::float8[] as f8, $3::int2[] as i2, $4::int4[] as i4, $5::bytea[] as b",
      [
        binaryArray("int8", ints),
        binaryArray("float8", floats),
        binaryArray("int2", [-32768, 32767, null]),
        binaryArray("int4", []),
        binaryArray("bytea", [Buffer.from([1, 2, 255]), new Uint8Array(0), null]),
      ],
    );
    expect(rows[0].i8).toEqual(ints.map((v) => (v === null ? null : String(v))));
    expect(rows[0].f8).toEqual(floats);
    expect(rows[0].i2).toEqual([-32768, 32767, null]);
    expect(rows[0].i4).toEqual([]);
    expect(rows[0].b).toEqual([Buffer.from([1, 2, 255]), Buffer.alloc(0), null]);
  });

  it("is refused when cast to an array of another element type", async () => {
    await expect(client.query("select $1::int4[]", [binaryArray("int8", [1])])).rejects.toThrow(
      /binary data has array element type 20 \(bigint\) instead of expected 23/,
    );
  });
});
