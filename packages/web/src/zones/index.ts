export { ZonesPage } from "./zones-page.js";
