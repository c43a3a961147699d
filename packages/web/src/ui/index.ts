export { ResultBadge, StatusBadge, statusLabel } from "./badges.js";
export { ConfirmButton } from "./confirm-button.js";
export * from "./format.js";
export { lazyComponent } from "./lazy.js";
export { Empty, ErrorMessage, FieldErrors, Loading, QueryView } from "./states.js";
