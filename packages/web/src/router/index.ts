export { Link, navigate, useRoute } from "./navigation.js";
export { hrefFor, parseRoute, type Route } from "./routes.js";
