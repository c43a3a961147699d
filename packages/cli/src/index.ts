/** The `barrage` command line, as a function other tools can call. */
export { main, VERSION } from "./main.js";
