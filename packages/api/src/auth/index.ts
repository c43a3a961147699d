/** API tokens: creating, checking and revoking them, and what their scopes allow. */
export { authenticate, type Viewer } from "./authenticate.js";
export { type CreatedApiToken, createApiToken } from "./create-api-token.js";
export { revokeApiToken } from "./revoke-api-token.js";
export { allows, parseScopes, requireScope } from "./scopes.js";
export { hashToken, isWellFormedToken, TOKEN_PREFIX } from "./token.js";
