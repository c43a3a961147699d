import type pg from "pg";
import type { Viewer } from "../auth/authenticate.js";
import type { Db } from "../db/database.js";
import type { NotificationHub } from "./pubsub.js";

/** What the server gives every request: the database (typed and raw) and the live notifications. */
export interface GraphQLServices {
  db: Db;
  /** For the metric queries, which are plain SQL. */
  pool: pg.Pool;
  hub: NotificationHub;
}

/** What every resolver gets: who is calling, and the server's services. */
export interface GraphQLContext extends GraphQLServices {
  viewer: Viewer;
}
