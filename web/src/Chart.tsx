import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { INTEGER_INCRS, uniqueLabels } from './chart-scale.ts';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Draw as bars (counts) instead of a line. */
  bars?: boolean;
}

/**
 * A small time-series chart (uPlot): one x value per bucket start (ISO), any number of
 * series. Redraws on new data; follows its container's width.
 */
export function Chart({
  buckets,
  series,
  height = 180,
  format,
  integer = false,
  fitY = false,
  testId,
}: {
  buckets: string[];
  series: ChartSeries[];
  height?: number;
  format?: (v: number) => string;
  /** The values are counts: y-axis ticks at whole numbers only (no "0, 1, 1" from rounded halves). */
  integer?: boolean;
  /** Fit the y-axis to the data (share prices near 1.0x) instead of starting at 0. */
  fitY?: boolean;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  // Redraw only when the figures change (not on every parent render).
  const key = JSON.stringify([buckets, series]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the figures (key), not on new array identities
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    // x in milliseconds, and uPlot told so (`ms: 1`): its time axis otherwise assumes seconds, and
    // pads a single sample by `86400 / ms` units — 2.7 years in seconds (axis labels 2027–2029).
    const xs = buckets.map((b) => Date.parse(b));
    const data = [xs, ...series.map((s) => s.values)] as uPlot.AlignedData;
    const fmt = format ?? ((v: number) => String(Math.round(v * 100) / 100));
    const opts: uPlot.Options = {
      width: Math.max(200, node.clientWidth),
      height,
      ms: 1,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: {
          range: fitY
            ? (_u, min, max) => {
                const lo = min ?? 0;
                const hi = max ?? 1;
                const pad = Math.max((hi - lo) * 0.1, Math.abs(hi) * 0.001, 1e-9);
                return [lo - pad, hi + pad];
              }
            : (_u, min, max) => [Math.min(0, min ?? 0), Math.max(1, (max ?? 1) * 1.1)],
        },
      },
      axes: [
        { stroke: '#5b6b7f', grid: { stroke: '#eef1f5' }, ticks: { stroke: '#dde3ea' } },
        {
          stroke: '#5b6b7f',
          grid: { stroke: '#eef1f5' },
          ticks: { stroke: '#dde3ea' },
          values: (_u, ticks) => uniqueLabels(ticks.map(fmt)),
          ...(integer ? { incrs: INTEGER_INCRS } : {}),
          size: 56,
        },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.bars ? 0 : 2,
          fill: s.bars ? s.color : undefined,
          points: { show: !s.bars, size: 4 },
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '—' : fmt(v)),
          ...(s.bars ? { paths: uPlot.paths.bars!({ size: [0.6, 40] }) } : {}),
        })),
      ],
    };
    // What the axes say, for tests and assistive tools (uPlot draws them on a canvas).
    opts.hooks = {
      draw: [
        (u) => {
          const labels = (i: number) => ((u.axes[i] as { _values?: unknown[] })._values ?? []).map(String);
          node.dataset.xTicks = labels(0).join('|');
          node.dataset.yTicks = labels(1).join('|');
        },
      ],
    };
    plot.current?.destroy();
    plot.current = new uPlot(opts, data, node);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(200, node.clientWidth), height }));
    ro.observe(node);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, height, format, integer, fitY]);

  return <div className="chart" ref={el} data-testid={testId} />;
}
