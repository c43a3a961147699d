import type { TestRun } from "@barrage/runner";

const BAR_WIDTH = 30;

/** One line per scenario: name, a bar, elapsed time, active VUs and iterations so far. */
export function progressLines(run: TestRun): string[] {
  const { stats, clock } = run.ctx;
  const elapsed = (clock.now() / 1000).toFixed(1);
  const head = `running (${elapsed}s), ${stats.vusActive}/${stats.vusInitialized} VUs, ${stats.iterationsCompleted} complete and ${stats.iterationsInterrupted} interrupted iterations`;
  const lines = [head];
  for (const scenario of run.scenarioProgress()) {
    const filled = Math.round(scenario.progress * BAR_WIDTH);
    const bar = `[${"=".repeat(Math.max(0, filled - 1))}${filled > 0 ? ">" : ""}${" ".repeat(BAR_WIDTH - filled)}]`;
    lines.push(
      `${scenario.name.padEnd(16)} ${bar} ${String(Math.round(scenario.progress * 100)).padStart(3)}% ${scenario.executor}`,
    );
  }
  return lines;
}

/**
 * Shows progress while a run goes: redrawn in place every 200 ms on a terminal, or one line every
 * 10 s when the output is a log (CI). Returns the function that stops it.
 */
export function showProgress(run: TestRun, stream: NodeJS.WriteStream): () => void {
  if (!stream.isTTY) {
    const timer = setInterval(() => stream.write(`${progressLines(run)[0]}\n`), 10_000);
    return () => clearInterval(timer);
  }
  let drawn = 0;
  const draw = () => {
    const lines = progressLines(run);
    const clear = drawn > 0 ? `\x1b[${drawn}F\x1b[J` : "";
    stream.write(`${clear}${lines.join("\n")}\n`);
    drawn = lines.length;
  };
  const timer = setInterval(draw, 200);
  return () => {
    clearInterval(timer);
    draw();
  };
}
