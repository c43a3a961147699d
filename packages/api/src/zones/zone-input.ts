import { badInput } from "../errors.js";

/** What an organization names its private zone: it must fit `options.cloud.distribution` and a log line. */
const ZONE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,62}$/;
const LABEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,62}$/;
const MAX_LABELS = 20;
const MAX_LABEL_VALUE_LENGTH = 256;
/** A private agent runs one instance at a time in one process; far beyond this it would not keep up. */
export const MAX_VUS_PER_AGENT = 100_000;

/**
 * A private zone's name, or BAD_USER_INPUT naming `field`: 1 to 63 characters of letters, digits and
 * `. _ : -`, starting with a letter or digit, as `options.cloud.distribution.<label>.loadZone` names it.
 */
export function checkZoneName(name: string, field: string): string {
  if (!ZONE_NAME.test(name))
    throw badInput(
      field,
      `the zone name ${JSON.stringify(name.slice(0, 80))} is not allowed: use 1 to 63 letters, digits and . _ : - starting with a letter or digit`,
    );
  return name;
}

/**
 * Labels as the schema takes them (`[{name, value}]`) as the object stored in `load_zones.labels`,
 * or BAD_USER_INPUT: at most 20, names unique, of letters, digits and `. _ / -`, values of at most
 * 256 characters.
 *
 * @example checkLabels([{ name: "site", value: "berlin" }], "input.labels") // { site: "berlin" }
 */
export function checkLabels(
  labels: readonly { name: string; value: string }[],
  field: string,
): Record<string, string> {
  if (labels.length > MAX_LABELS) throw badInput(field, `a zone has at most ${MAX_LABELS} labels`);
  const checked: Record<string, string> = {};
  labels.forEach(({ name, value }, index) => {
    if (!LABEL_NAME.test(name))
      throw badInput(
        `${field}.${index}.name`,
        `the label name ${JSON.stringify(name.slice(0, 80))} is not allowed: use 1 to 63 letters, digits and . _ / -`,
      );
    if (Object.hasOwn(checked, name))
      throw badInput(`${field}.${index}.name`, `the label "${name}" is given twice`);
    if (value.length > MAX_LABEL_VALUE_LENGTH)
      throw badInput(
        `${field}.${index}.value`,
        `label values have at most ${MAX_LABEL_VALUE_LENGTH} characters`,
      );
    checked[name] = value;
  });
  return checked;
}

/** The VUs one agent of the zone runs, or BAD_USER_INPUT: a whole number from 1 to {@link MAX_VUS_PER_AGENT}. */
export function checkVusPerAgent(vus: number, field: string): number {
  if (!Number.isInteger(vus) || vus < 1 || vus > MAX_VUS_PER_AGENT)
    throw badInput(field, `VUs per agent must be a whole number from 1 to ${MAX_VUS_PER_AGENT}, not ${vus}`);
  return vus;
}
