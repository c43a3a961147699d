import { describe, expect, it, vi } from "vitest";
import { unwatchAbort, watchAbort } from "./abort-watch.js";

describe("watchAbort", () => {
  it("listens once per signal and cancels only what is still watched", () => {
    const controller = new AbortController();
    const listen = vi.spyOn(controller.signal, "addEventListener");
    const targets = Array.from({ length: 20 }, () => ({ cancel: vi.fn() }));
    for (const target of targets) watchAbort(controller.signal, target);
    unwatchAbort(controller.signal, targets[0] as { cancel(): void });
    expect(listen).toHaveBeenCalledTimes(1);
    controller.abort();
    expect(targets[0]?.cancel).not.toHaveBeenCalled();
    for (const target of targets.slice(1)) expect(target.cancel).toHaveBeenCalledTimes(1);
  });

  it("cancels at once on a signal that has already aborted", () => {
    const target = { cancel: vi.fn() };
    watchAbort(AbortSignal.abort(), target);
    expect(target.cancel).toHaveBeenCalledTimes(1);
  });
});
