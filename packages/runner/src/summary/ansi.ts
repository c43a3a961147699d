/** The SGR codes k6's summary uses. */
export const PALETTE = {
  faint: 2,
  red: 31,
  green: 32,
  cyan: 36,
} as const;

/** An SGR code of {@link PALETTE}. */
export type AnsiCode = (typeof PALETTE)[keyof typeof PALETTE];

/** Wraps text in ANSI styles, or leaves it as it is when colors are off. */
export type Decorate = (text: string, color: AnsiCode, ...styles: AnsiCode[]) => string;

/**
 * Returns k6's decorator: `ESC[color;style...m text ESC[0m` when `enabled`, the text unchanged otherwise.
 *
 * @example decorator(true)("ok", PALETTE.green) // "\x1b[32mok\x1b[0m"
 */
export function decorator(enabled: boolean): Decorate {
  if (!enabled) return (text) => text;
  return (text, color, ...styles) => `\x1b[${[color, ...styles].join(";")}m${text}\x1b[0m`;
}
