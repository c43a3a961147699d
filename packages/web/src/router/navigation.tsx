import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { hrefFor, parseRoute, type Route } from "./routes.js";

const CHANGE = "barrage:navigate";

/** Goes to a page without reloading, like a link click; `replace` keeps the history as it is. */
export function navigate(to: Route | string, { replace = false } = {}): void {
  const href = typeof to === "string" ? to : hrefFor(to);
  if (replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo(0, 0);
}

/** The page the address shows, following links, back and forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    window.addEventListener("popstate", update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return route;
}

interface LinkProps {
  to: Route;
  children: ComponentChildren;
  class?: string | undefined;
  "aria-current"?: "page" | undefined;
}

/** An `<a>` to a page of the app: a plain click navigates in place, a modified click opens a tab. */
export function Link({ to, children, class: className, "aria-current": current }: LinkProps) {
  const href = hrefFor(to);
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} class={className} aria-current={current}>
      {children}
    </a>
  );
}
