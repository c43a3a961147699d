import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useApi } from "./api-context.js";
import { GraphQLRequestError } from "./client.js";

/** A query's answer as it stands; `data` stays while a refetch or poll is in flight. */
export interface QueryState<T> {
  data: T | undefined;
  /** Why there is no (fresh) data. */
  error: GraphQLRequestError | undefined;
  /** Fields that failed while the rest answered (they are null in `data`). */
  fieldErrors: readonly GraphQLRequestError[];
  loading: boolean;
  refetch(): void;
}

/** Options of {@link useQuery}. */
export interface QueryOptions {
  /** Fetch again every this many milliseconds (for panels of a running run). */
  pollMs?: number | undefined;
  /** Don't fetch (yet). */
  skip?: boolean;
  /** Fetch again whenever this changes (a run's status, say). */
  refreshKey?: string;
}

const asRequestError = (error: unknown) =>
  error instanceof GraphQLRequestError
    ? error
    : new GraphQLRequestError(error instanceof Error ? error.message : String(error), "CLIENT", undefined, {
        cause: error,
      });

/**
 * Runs a query when the component mounts and again when its variables change; a later answer
 * never overwrites a newer one.
 *
 * @example
 * const runs = useQuery<{ testRun: Run }>(RUN_QUERY, { id }, { pollMs: running ? 5000 : undefined });
 */
export function useQuery<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: QueryOptions = {},
): QueryState<T> {
  const api = useApi();
  const [state, setState] = useState<{
    data?: T;
    error?: GraphQLRequestError;
    fieldErrors: readonly GraphQLRequestError[];
    loading: boolean;
  }>({ loading: !options.skip, fieldErrors: [] });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);
  const latest = useRef(0);
  const refetch = useCallback(() => setGeneration((g) => g + 1), []);

  // `key` stands for `variables`; `refreshKey` and `generation` force a refetch.
  useEffect(() => {
    if (options.skip) return;
    const controller = new AbortController();
    const request = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    api.client.requestPartial<T>(query, JSON.parse(key), controller.signal).then(
      ({ data, errors }) => {
        if (request === latest.current) setState({ data, fieldErrors: errors, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted || request !== latest.current) return;
        const requestError = asRequestError(error);
        if (requestError.code === "UNAUTHENTICATED") api.onUnauthenticated(requestError);
        setState((s) => ({ data: s.data, error: requestError, fieldErrors: s.fieldErrors, loading: false }));
      },
    );
    return () => controller.abort();
  }, [api, query, key, options.skip, options.refreshKey, generation]);

  useEffect(() => {
    if (!options.pollMs || options.skip) return;
    const timer = setInterval(refetch, options.pollMs);
    return () => clearInterval(timer);
  }, [options.pollMs, options.skip, refetch]);

  return {
    data: state.data,
    error: state.error,
    fieldErrors: state.fieldErrors,
    loading: state.loading,
    refetch,
  };
}

/** A mutation's call and its state. */
export interface MutationState<T> {
  run(variables: Record<string, unknown>): Promise<T | undefined>;
  running: boolean;
  error: GraphQLRequestError | undefined;
}

/** A mutation to run on demand (a button); its error is kept for the form to show. */
export function useMutation<T>(mutation: string): MutationState<T> {
  const api = useApi();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<GraphQLRequestError>();
  const run = useCallback(
    async (variables: Record<string, unknown>) => {
      setRunning(true);
      setError(undefined);
      try {
        return await api.client.request<T>(mutation, variables);
      } catch (caught) {
        const requestError = asRequestError(caught);
        if (requestError.code === "UNAUTHENTICATED") api.onUnauthenticated(requestError);
        setError(requestError);
        return undefined;
      } finally {
        setRunning(false);
      }
    },
    [api, mutation],
  );
  return { run, running, error };
}
