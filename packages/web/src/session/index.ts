export {
  clearSession,
  DEFAULT_ENDPOINT,
  type KeyValueStorage,
  loadSession,
  type SessionSettings,
  saveSession,
  tokenProblem,
} from "./session.js";
export { SignInPage } from "./sign-in-page.js";
