import { useState } from "preact/hooks";
import { createGraphQLClient } from "../graphql/index.js";
import { ErrorMessage } from "../ui/index.js";
import { DEFAULT_ENDPOINT, type SessionSettings, tokenProblem } from "./session.js";

const VIEWER = "query SignIn { viewer { organization { name } scopes } }";

/**
 * Sign-in with an API token: checked against the API (`viewer`) before it is kept, so a mistyped
 * or revoked token is said here rather than on the first page.
 */
export function SignInPage({
  onSignedIn,
  initial,
}: {
  onSignedIn: (settings: SessionSettings) => void;
  initial?: SessionSettings | undefined;
}) {
  const [token, setToken] = useState(initial?.token ?? "");
  const [endpoint, setEndpoint] = useState(initial?.endpoint ?? DEFAULT_ENDPOINT);
  const [error, setError] = useState<unknown>();
  const [checking, setChecking] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problem = tokenProblem(token);
    if (problem) {
      setError(new Error(problem));
      return;
    }
    setChecking(true);
    setError(undefined);
    const settings = { endpoint: endpoint.trim() || DEFAULT_ENDPOINT, token: token.trim() };
    try {
      await createGraphQLClient(settings).request(VIEWER);
      onSignedIn(settings);
    } catch (caught) {
      setError(caught);
    } finally {
      setChecking(false);
    }
  };

  return (
    <main class="sign-in">
      <form class="card sign-in-card" onSubmit={submit}>
        <h1>
          <span class="brand-mark" aria-hidden="true" /> Barrage
        </h1>
        <p class="muted">
          Sign in with an API token. The platform prints an admin token at its first start;{" "}
          <code>barrage login</code> takes the same token.
        </p>
        <label>
          API token
          <input
            name="token"
            type="password"
            autocomplete="off"
            spellcheck={false}
            placeholder="brg_..."
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
            required
          />
        </label>
        <details>
          <summary>Another platform</summary>
          <label>
            GraphQL endpoint
            <input
              name="endpoint"
              value={endpoint}
              onInput={(e) => setEndpoint(e.currentTarget.value)}
              placeholder={DEFAULT_ENDPOINT}
            />
          </label>
          <p class="muted small">
            Another origin must allow this one (the API's CORS origins) for the browser to read its answers.
          </p>
        </details>
        {error !== undefined && <ErrorMessage error={error} title="Not signed in" />}
        <button type="submit" class="button" disabled={checking}>
          {checking ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
