/**
 * A small JSON API with token login, for scripts that show setup(), checks on JSON bodies
 * and authenticated writes.
 */
import { randomBytes } from "node:crypto";
import { numberParam } from "./params.js";
import { HttpError, readJsonObject, sendJson } from "./respond.js";

/** Demo accounts the login accepts (documented in README.md). */
export const DEMO_USERS = Object.freeze({ alice: "wonderland", bob: "builder" });

/** Items created beyond this push out the oldest created ones, so long runs keep memory flat. */
const MAX_CREATED_ITEMS = 10_000;

/**
 * @typedef {object} Item
 * @property {number} id
 * @property {string} name
 * @property {number} price
 * @property {string} owner
 */

/** @returns {Item[]} */
function seedItems() {
  const names = ["anvil", "rocket skates", "giant magnet", "tornado seeds", "bird seed"];
  return names.map((name, i) => ({ id: i + 1, name, price: 10 * (i + 1), owner: "acme" }));
}

/**
 * @param {Record<string, unknown>} body
 * @returns {{ name: string, price: number }}
 */
function validateNewItem(body) {
  const { name, price = 0 } = body;
  if (typeof name !== "string" || name.length === 0 || name.length > 200) {
    throw new HttpError(400, "item name must be a string of 1 to 200 characters");
  }
  if (typeof price !== "number" || !Number.isFinite(price) || price < 0) {
    throw new HttpError(400, "item price must be a non-negative number");
  }
  return { name, price };
}

/**
 * @param {unknown} username
 * @param {unknown} password
 */
function isDemoUser(username, password) {
  return (
    typeof username === "string" &&
    Object.hasOwn(DEMO_USERS, username) &&
    DEMO_USERS[/** @type {keyof typeof DEMO_USERS} */ (username)] === password
  );
}

/**
 * The API routes, with their own sessions and item store.
 * @returns {import("./router.js").Route[]}
 */
export function apiRoutes() {
  /** @type {Map<string, string>} token -> username */
  const sessions = new Map();
  const seeds = new Map(seedItems().map((item) => [item.id, item]));
  /** @type {Map<number, Item>} insertion-ordered, so the first key is the oldest */
  const created = new Map();
  let nextId = seeds.size + 1;

  /**
   * Walks seeds then created items without copying them, since the store can hold thousands.
   * @param {number} offset
   * @param {number} limit
   */
  function page(offset, limit) {
    /** @type {Item[]} */
    const out = [];
    let index = 0;
    for (const source of [seeds, created]) {
      if (index + source.size <= offset) {
        index += source.size;
        continue;
      }
      for (const item of source.values()) {
        if (out.length === limit) return out;
        if (index++ >= offset) out.push(item);
      }
    }
    return out;
  }

  /** @param {Item} item */
  function store(item) {
    created.set(item.id, item);
    if (created.size > MAX_CREATED_ITEMS) created.delete(/** @type {number} */ (created.keys().next().value));
  }

  /** @param {import("node:http").IncomingMessage} req */
  function authenticatedUser(req) {
    const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "");
    const user = match && sessions.get(/** @type {string} */ (match[1]));
    if (!user)
      throw new HttpError(401, "send Authorization: Bearer <token> with a token from POST /api/login");
    return user;
  }

  return [
    {
      method: "POST",
      path: "/api/login",
      handle: async ({ req, res }) => {
        const { username, password } = await readJsonObject(req);
        if (!isDemoUser(username, password)) throw new HttpError(401, "unknown username or wrong password");
        const token = randomBytes(16).toString("hex");
        sessions.set(token, /** @type {string} */ (username));
        sendJson(res, 200, { token });
      },
    },
    {
      method: "GET",
      path: "/api/items",
      handle: ({ res, query }) => {
        const limit = numberParam(query, "limit", { default: 20, min: 1, max: 100, integer: true });
        const offset = numberParam(query, "offset", { default: 0, min: 0, max: 1e9, integer: true });
        sendJson(res, 200, { items: page(offset, limit), total: seeds.size + created.size });
      },
    },
    {
      method: "GET",
      path: "/api/items/:id",
      handle: ({ res, params }) => {
        const id = Number(params.id);
        const item = seeds.get(id) ?? created.get(id);
        if (!item) throw new HttpError(404, `no item with id ${params.id}`);
        sendJson(res, 200, item);
      },
    },
    {
      method: "POST",
      path: "/api/items",
      handle: async ({ req, res }) => {
        const owner = authenticatedUser(req);
        const item = { id: nextId++, ...validateNewItem(await readJsonObject(req)), owner };
        store(item);
        sendJson(res, 201, item, { location: `/api/items/${item.id}` });
      },
    },
  ];
}
