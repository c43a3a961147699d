import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import { lineColor } from "./palette.js";

/**
 * A small line of a test's figure over its last runs (oldest first), on uPlot like every chart
 * of the app: no axes, no legend, no cursor. Runs without a value leave a gap.
 */
export function Sparkline({
  values,
  width = 120,
  height = 28,
  label,
}: {
  values: readonly (number | null)[];
  width?: number;
  height?: number;
  label: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el || values.length === 0) return;
    const chart = new uPlot(
      {
        width,
        height,
        legend: { show: false },
        // Room for the dots at the ends.
        padding: [4, 4, 4, 4],
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: { x: { time: false } },
        axes: [{ show: false }, { show: false }],
        series: [{}, { stroke: lineColor(0), width: 1.5, points: { show: values.length < 3 } }],
      },
      [values.map((_, i) => i), values.slice()] as uPlot.AlignedData,
      el,
    );
    return () => chart.destroy();
  }, [values, width, height]);
  return <div ref={host} class="sparkline" role="img" aria-label={label} data-testid="sparkline" />;
}
