import { Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { toDiagnostics } from "./diagnostics.js";

const doc = Text.of(["import http from 'k6/http';", "export default function () {", "  x();", "}"]);

describe("toDiagnostics", () => {
  it("underlines from the error's column to the end of its line", () => {
    const [diagnostic] = toDiagnostics(doc, [{ line: 3, column: 3, message: "x is not defined" }]);
    const line = doc.line(3);
    expect(diagnostic).toMatchObject({
      from: line.from + 2,
      to: line.to,
      severity: "error",
      message: "x is not defined",
    });
    expect(doc.sliceString(diagnostic?.from ?? 0, diagnostic?.to)).toBe("x();");
  });

  it("keeps a stale position inside the document", () => {
    const [pastLine, pastEnd] = toDiagnostics(doc, [
      { line: 1, column: 500, message: "a" },
      { line: 40, column: 1, message: "b" },
    ]);
    expect(pastLine?.from).toBe(doc.line(1).to);
    expect(pastEnd?.from).toBe(doc.line(4).from);
    expect(pastEnd?.to).toBeLessThanOrEqual(doc.length);
  });
});
