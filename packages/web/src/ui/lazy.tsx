import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ErrorMessage, Loading } from "./states.js";

/**
 * A component whose code is loaded (a separate chunk) the first time it renders, with a loading
 * state meanwhile and an error if the chunk cannot be fetched.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  return function Lazy(props: P) {
    const [component, setComponent] = useState<ComponentType<P> | undefined>(() => loaded);
    const [error, setError] = useState<unknown>();
    useEffect(() => {
      if (component) return;
      let live = true;
      pending ??= load().then((c) => {
        loaded = c;
        return c;
      });
      pending.then(
        (c) => live && setComponent(() => c),
        (e: unknown) => {
          pending = undefined;
          if (live) setError(e);
        },
      );
      return () => {
        live = false;
      };
    }, [component]);
    if (error) return <ErrorMessage error={error} title="This part of the app did not load" />;
    if (!component) return <Loading what="Loading" />;
    const Component = component;
    return <Component {...props} />;
  };
}
