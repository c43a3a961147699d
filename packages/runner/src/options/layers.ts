import { isPlainObject } from "./describe-value.js";
import type { IssueList } from "./errors.js";
import {
  IGNORED_OPTIONS,
  KNOWN_OPTION_NAMES,
  OPTION_READERS,
  type OptionName,
  type OptionValues,
} from "./option-table.js";
import { suggestion } from "./suggest.js";

/** A value read from one source, with the path (`scenarios` or `--vus`) that errors about it should name. */
export interface Sourced<T> {
  value: T;
  path: string;
}

/** The options set by one source (the script, or the command line), already read and checked. */
export interface OptionsLayer {
  /** Where they come from, for messages: `"script"` or `"cli"`. */
  source: string;
  /** The options Barrage acts on that this source sets. */
  values: { [K in OptionName]?: Sourced<OptionValues[K]> };
  /** The recognised-but-ignored options this source sets, as given. */
  ignored: Record<string, unknown>;
}

/** An empty layer for `source`. */
export function emptyLayer(source: string): OptionsLayer {
  return { source, values: {}, ignored: {} };
}

/** Records one read value in a layer (typed per option). */
export function setOption<K extends OptionName>(
  layer: OptionsLayer,
  name: K,
  value: OptionValues[K],
  path: string,
): void {
  (layer.values as Record<OptionName, Sourced<unknown>>)[name] = { value, path };
}

/**
 * Reads the script's exported `options` (or `undefined` when it exports none). `undefined` and
 * `null` values mean "not set"; unknown names are refused, with a suggestion for near misses.
 */
export function scriptLayer(raw: unknown, issues: IssueList): OptionsLayer {
  const layer = emptyLayer("script");
  if (raw === undefined || raw === null) return layer;
  if (!isPlainObject(raw)) {
    issues.add(
      "options",
      'the exported options must be an object, like export const options = { vus: 10, duration: "30s" }',
    );
    return layer;
  }
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    if (Object.hasOwn(OPTION_READERS, name)) {
      const option = name as OptionName;
      const read = OPTION_READERS[option](value, name, issues);
      if (read !== undefined) setOption(layer, option, read, name);
    } else if (IGNORED_OPTIONS.includes(name)) {
      layer.ignored[name] = value;
    } else {
      const hint = suggestion(name, KNOWN_OPTION_NAMES);
      issues.add(name, `unknown option${hint || `; the options are ${KNOWN_OPTION_NAMES.join(", ")}`}`);
    }
  }
  return layer;
}

/** The options that describe what runs; setting any of them in a higher source replaces all of them. */
const EXECUTION_OPTIONS = ["duration", "iterations", "stages", "scenarios"] as const;

/**
 * Puts `higher` on top of `lower` as k6's `Options.Apply` does: each option set in `higher` wins,
 * and if `higher` sets any of `duration`, `iterations`, `stages` or `scenarios`, all four are first
 * dropped from `lower`, so that `--duration 10s` replaces the script's scenarios rather than
 * clashing with them. `vus` is merged on its own.
 */
export function applyLayer(
  lower: OptionsLayer,
  higher: OptionsLayer,
  warn: (message: string) => void,
): OptionsLayer {
  const values = { ...lower.values };
  if (EXECUTION_OPTIONS.some((name) => higher.values[name] !== undefined)) {
    if (values.scenarios !== undefined) {
      warn(`"${higher.source}" level configuration overrode scenarios configuration entirely`);
    }
    for (const name of EXECUTION_OPTIONS) delete values[name];
  }
  return {
    source: higher.source,
    values: { ...values, ...higher.values },
    ignored: { ...lower.ignored, ...higher.ignored },
  };
}
