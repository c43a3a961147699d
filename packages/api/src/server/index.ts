/** The API's HTTP and WebSocket server. */
export { type ApiServer, type ApiServerOptions, startApiServer } from "./start-api-server.js";
