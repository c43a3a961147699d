/** A zone label as `createPrivateLoadZone` takes it. */
export interface LabelInput {
  name: string;
  value: string;
}

/**
 * Labels from `name=value` pairs separated by commas or new lines, with what is wrong with any;
 * blank pairs are skipped. The API checks the rest (names, lengths).
 *
 * @example parseLabels("rack=b2, site=berlin") // { labels: [{name:"rack",value:"b2"},{name:"site",value:"berlin"}], problems: [] }
 */
export function parseLabels(text: string): { labels: LabelInput[]; problems: string[] } {
  const labels: LabelInput[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/[,\n]/)) {
    const pair = raw.trim();
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    if (eq < 0 || !name) problems.push(`"${pair}": write name=value`);
    else if (seen.has(name)) problems.push(`${name} is given twice`);
    else {
      seen.add(name);
      labels.push({ name, value: pair.slice(eq + 1).trim() });
    }
  }
  return { labels, problems };
}
