import { encodeHistogram } from "@barrage/hdr-native";
import type { Aggregate } from "../metrics/aggregate.js";
import type { SeriesPoint } from "../metrics/engine.js";

/** One series' period aggregate as JSON: what `--out json` writes a line of and the agent ships. */
export interface PointJson {
  metric: string;
  type: Aggregate["type"];
  contains: string;
  tags: Record<string, string>;
  /** counter `{sum}`, gauge `{last,min,max,count}`, rate `{nonzero,total}`, trend `{count,sum,min,max,hdr}` with the HDR encoding in base64. */
  data: Record<string, number | string>;
}

/** The JSON form of a period aggregate (design.md: "Per series and aggregation period the runner sends ..."). */
export function pointToJson(point: SeriesPoint): PointJson {
  const v = point.value;
  let data: PointJson["data"];
  switch (v.type) {
    case "counter":
      data = { sum: v.sum };
      break;
    case "gauge":
      data = { last: v.last, min: v.min, max: v.max, count: v.count };
      break;
    case "rate":
      data = { nonzero: v.nonzero, total: v.total };
      break;
    case "trend":
      data = {
        count: v.count,
        sum: v.sum,
        min: v.min,
        max: v.max,
        hdr: Buffer.from(encodeHistogram(v.hist)).toString("base64"),
      };
      break;
  }
  return {
    metric: point.metric.name,
    type: v.type,
    contains: point.metric.contains,
    tags: { ...point.tags },
    data,
  };
}
