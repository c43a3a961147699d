/**
 * The number of terminal columns a string takes as k6's summary counts them: code points after NFKC
 * normalization, ANSI escape sequences excluded. Wide characters count as one, as in k6, so the
 * padding matches k6's byte for byte.
 *
 * @example displayWidth("\x1b[32m✓ ok\x1b[0m") // 4
 */
export function displayWidth(text: string): number {
  let inEscape = false;
  let inLongEscape = false;
  let width = 0;
  for (const char of text.normalize("NFKC")) {
    const code = char.charCodeAt(0);
    if (char === "\x1b") {
      inEscape = true;
    } else if (inEscape && char === "[") {
      inLongEscape = true;
    } else if (inEscape && inLongEscape && code >= 0x40 && code <= 0x7e) {
      inEscape = false;
      inLongEscape = false;
    } else if (inEscape && !inLongEscape && code >= 0x40 && code <= 0x5f) {
      inEscape = false;
    } else if (!inEscape && !inLongEscape) {
      width++;
    }
  }
  return width;
}
