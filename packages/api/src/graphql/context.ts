import type { Viewer } from "../auth/authenticate.js";
import type { Db } from "../db/database.js";
import type { RunChangeHub } from "./pubsub.js";

/** What every resolver gets: who is calling, the database and the live run changes. */
export interface GraphQLContext {
  viewer: Viewer;
  db: Db;
  hub: RunChangeHub;
}
