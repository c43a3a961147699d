import type { ComponentChildren } from "preact";
import { GraphQLRequestError } from "../graphql/index.js";

/** Something is on its way. */
export function Loading({ what = "Loading" }: { what?: string }) {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {what}…
    </div>
  );
}

/** Nothing to show yet, and what to do about it. */
export function Empty({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <strong>{title}</strong>
      {children && <div>{children}</div>}
    </div>
  );
}

/** What a person can do about an error of the API. */
function hint(error: unknown): string | undefined {
  if (!(error instanceof GraphQLRequestError)) return undefined;
  switch (error.code) {
    case "NETWORK":
      return "Check that the platform is running, then retry.";
    case "UNAUTHENTICATED":
      return "The token was refused: sign in again.";
    case "FORBIDDEN":
      return "The token's scopes do not allow this: use a token with the WRITE (or ADMIN) scope.";
    case "NOT_FOUND":
      return "It does not exist, or belongs to another organization.";
    case "INTERNAL_SERVER_ERROR":
      return "The platform failed to answer this part; its log says why.";
    default:
      return undefined;
  }
}

/** An error, with its code and a hint, and a retry when one is given. */
export function ErrorMessage({
  error,
  title,
  retry,
}: {
  error: unknown;
  title?: string;
  retry?: () => void;
}) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof GraphQLRequestError ? error.code : undefined;
  const help = hint(error);
  return (
    <div class="state state-error" role="alert">
      {title && <strong>{title}</strong>}
      <div>
        {message}
        {code && <code class="error-code">{code}</code>}
      </div>
      {help && <div class="muted">{help}</div>}
      {retry && (
        <button type="button" class="button secondary small" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** Parts of an answer that failed while the rest came: said once, compactly, above what did come. */
export function FieldErrors({ errors, what }: { errors: readonly unknown[]; what: string }) {
  if (errors.length === 0) return null;
  const messages = [...new Set(errors.map((e) => (e instanceof Error ? e.message : String(e))))];
  return (
    <div class="state state-warning" role="status">
      Not all of {what} could be loaded: {messages.join("; ")}
    </div>
  );
}

/** A query's states in one place: the error, the loading state, or the content. */
export function QueryView<T>({
  state,
  what,
  children,
}: {
  state: {
    data: T | undefined;
    error: unknown;
    fieldErrors?: readonly unknown[];
    loading: boolean;
    refetch(): void;
  };
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  if (state.data !== undefined)
    return (
      <>
        <FieldErrors errors={state.fieldErrors ?? []} what={what} />
        {children(state.data)}
      </>
    );
  if (state.error)
    return <ErrorMessage error={state.error} title={`Could not load ${what}`} retry={state.refetch} />;
  return <Loading what={`Loading ${what}`} />;
}
