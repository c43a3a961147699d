import { describeValue } from "./describe-value.js";
import type { IssueList } from "./errors.js";
import { emptyLayer, type OptionsLayer, setOption } from "./layers.js";
import { OPTION_READERS, type OptionName } from "./option-table.js";
import type { CliOverrides } from "./types.js";

/** How one command-line override maps to an option. */
interface FlagSpec {
  /** The flag as the user typed it, for messages. */
  flag: string;
  /** The option it sets; an ignored option's name when it is one of those. */
  option: OptionName | "rps" | "httpDebug" | "dns" | "blacklistIPs" | "blockHostnames";
  /** Turns the flag's text form into the option's form before the option's reader checks it. */
  convert?: (value: unknown, flag: string, issues: IssueList) => unknown;
}

/** Repeatable flags may also hold comma-separated lists (`--tag a=1,b=2`), as k6's flags do. */
const splitCommas = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.flatMap((item) => (typeof item === "string" ? item.split(",") : [item]))
    : value;

/** `--stage 30s:10` → `{ duration: "30s", target: "10" }`; a missing part is left out for the stage checks to report. */
function stagesFromFlags(value: unknown, flag: string, issues: IssueList): unknown {
  const items = splitCommas(value);
  if (!Array.isArray(items)) return items;
  return items.map((item, index) => {
    if (typeof item !== "string") {
      issues.add(
        `${flag}[${index}]`,
        `${describeValue(item)} is not a stage; use [duration]:[target], like 30s:10`,
      );
      return {};
    }
    const [stageDuration = "", target = ""] = item.split(/:(.*)/s);
    return {
      ...(stageDuration === "" ? {} : { duration: stageDuration }),
      ...(target === "" ? {} : { target }),
    };
  });
}

/** `--tag name=value` → `{ name: "value" }`; names and values must not be empty, as in k6. */
function tagsFromFlags(value: unknown, flag: string, issues: IssueList): unknown {
  const items = splitCommas(value);
  if (!Array.isArray(items)) return items;
  const tags: Record<string, unknown> = {};
  items.forEach((item, index) => {
    const equals = typeof item === "string" ? item.indexOf("=") : -1;
    if (typeof item !== "string" || equals <= 0 || equals === item.length - 1) {
      issues.add(
        `${flag}[${index}]`,
        `${describeValue(item)} is not a tag; use name=value, like --tag env=staging`,
      );
      return;
    }
    tags[item.slice(0, equals)] = item.slice(equals + 1);
  });
  return tags;
}

const list = (flag: string, option: FlagSpec["option"]): FlagSpec => ({ flag, option, convert: splitCommas });

/** The `k6 run` flags that set options, by their {@link CliOverrides} key. */
const FLAGS: Readonly<Record<keyof CliOverrides, FlagSpec>> = {
  vus: { flag: "--vus", option: "vus" },
  duration: { flag: "--duration", option: "duration" },
  iterations: { flag: "--iterations", option: "iterations" },
  stages: { flag: "--stage", option: "stages", convert: stagesFromFlags },
  executionSegment: { flag: "--execution-segment", option: "executionSegment" },
  executionSegmentSequence: { flag: "--execution-segment-sequence", option: "executionSegmentSequence" },
  paused: { flag: "--paused", option: "paused" },
  noSetup: { flag: "--no-setup", option: "noSetup" },
  noTeardown: { flag: "--no-teardown", option: "noTeardown" },
  maxRedirects: { flag: "--max-redirects", option: "maxRedirects" },
  batch: { flag: "--batch", option: "batch" },
  batchPerHost: { flag: "--batch-per-host", option: "batchPerHost" },
  userAgent: { flag: "--user-agent", option: "userAgent" },
  insecureSkipTLSVerify: { flag: "--insecure-skip-tls-verify", option: "insecureSkipTLSVerify" },
  noConnectionReuse: { flag: "--no-connection-reuse", option: "noConnectionReuse" },
  noVUConnectionReuse: { flag: "--no-vu-connection-reuse", option: "noVUConnectionReuse" },
  minIterationDuration: { flag: "--min-iteration-duration", option: "minIterationDuration" },
  throw: { flag: "--throw", option: "throw" },
  discardResponseBodies: { flag: "--discard-response-bodies", option: "discardResponseBodies" },
  summaryTrendStats: list("--summary-trend-stats", "summaryTrendStats"),
  summaryTimeUnit: { flag: "--summary-time-unit", option: "summaryTimeUnit" },
  systemTags: list("--system-tags", "systemTags"),
  tags: { flag: "--tag", option: "tags", convert: tagsFromFlags },
  rps: { flag: "--rps", option: "rps" },
  httpDebug: { flag: "--http-debug", option: "httpDebug" },
  dns: { flag: "--dns", option: "dns" },
  blacklistIPs: list("--blacklist-ip", "blacklistIPs"),
  blockHostnames: list("--block-hostnames", "blockHostnames"),
};

/**
 * Reads the command line's overrides into a layer that goes on top of the script's. Problems name
 * the flag (`--vus: must be 0 or more, got -1`). `undefined` values mean the flag was not given.
 */
export function cliLayer(overrides: CliOverrides, issues: IssueList): OptionsLayer {
  const layer = emptyLayer("cli");
  for (const [key, given] of Object.entries(overrides)) {
    if (given === undefined) continue;
    const spec = Object.hasOwn(FLAGS, key) ? FLAGS[key as keyof CliOverrides] : undefined;
    if (spec === undefined) {
      issues.add(key, `unknown command-line override; the overrides are ${Object.keys(FLAGS).join(", ")}`);
      continue;
    }
    const value = spec.convert ? spec.convert(given, spec.flag, issues) : given;
    if (!Object.hasOwn(OPTION_READERS, spec.option)) {
      layer.ignored[spec.option] = value;
      continue;
    }
    const option = spec.option as OptionName;
    const read = OPTION_READERS[option](value, spec.flag, issues);
    if (read !== undefined) setOption(layer, option, read, spec.flag);
  }
  return layer;
}
