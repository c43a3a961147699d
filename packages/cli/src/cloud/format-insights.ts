import type { RunInsight } from "./thresholds.js";

const MARK: Record<RunInsight["severity"], string> = { CRITICAL: "✗", WARNING: "!", INFO: "i" };

/**
 * A run's insights as `barrage cloud` prints them under the summary: a mark and the severity with
 * the title, then the explanation wrapped to `width` columns and indented beneath it. Empty text
 * without insights, so that a healthy run's output does not grow.
 *
 * @example
 * formatInsights([{ severity: "CRITICAL", title: "High HTTP failure rate: 38.0% …", explanation: "…" }])
 * // "\n  insights:\n  ✗ critical  High HTTP failure rate: 38.0% …\n      …\n"
 */
export function formatInsights(insights: readonly RunInsight[], width = 100): string {
  if (insights.length === 0) return "";
  const blocks = insights.map((insight) => {
    const head = `  ${MARK[insight.severity] ?? "-"} ${insight.severity.toLowerCase().padEnd(8)}  ${insight.title}`;
    const body = wrap(insight.explanation, Math.max(20, width - 6)).map((line) => `      ${line}`);
    return [head, ...body].join("\n");
  });
  return `\n  insights:\n${blocks.join("\n\n")}\n`;
}

/** Splits text into lines of at most `width` characters at spaces; a longer word gets a line of its own. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
