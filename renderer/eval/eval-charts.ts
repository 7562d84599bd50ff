// The Evaluate panel's chart configurations (chart.js), built from the plot series of eval-table.ts:
// accuracy and patch MSE against d (log axis) per PCA method, and one bar per method with the family's
// floor (gray patch) and ceiling (clean) drawn as dashed lines.
import type { ChartConfiguration, Plugin } from 'chart.js';
import type { MethodId } from '../../shared/contract';
import { methodInfo } from '../../shared/methods';
import type { Bars, DCurve } from './eval-table';

const COLORS: Record<string, string> = { pca: '#2f6fdb', 'pca-masked': '#d9822b' };
const BAR = '#2f6fdb';

export type Metric = 'accuracy' | 'mse';
export const METRIC_LABEL: Record<Metric, string> = { accuracy: 'classifier accuracy', mse: 'patch MSE' };

const value = (p: { accuracy: number | null; mse: number }, metric: Metric) =>
  metric === 'accuracy' ? p.accuracy : p.mse;

export function curveConfig(curves: DCurve[], metric: Metric): ChartConfiguration<'line'> {
  return {
    type: 'line',
    data: {
      datasets: curves.map((c) => ({
        label: methodInfo(c.method).label,
        data: c.points.flatMap((p) => {
          const y = value(p, metric);
          return y === null ? [] : [{ x: p.d, y }];
        }),
        borderColor: COLORS[c.method] ?? BAR,
        backgroundColor: COLORS[c.method] ?? BAR,
        pointRadius: 3,
        borderWidth: 1.5,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'd (log scale)' } },
        y: { type: 'linear', title: { display: true, text: METRIC_LABEL[metric] } },
      },
      plugins: { legend: { labels: { boxWidth: 12 } } },
    },
  };
}

interface Mark {
  y: number;
  label: string;
  color: string;
}

/** Dashed horizontal lines across the chart (the floor and the ceiling), labelled at their right end. */
const referenceLines = (marks: Mark[]): Plugin<'bar'> => ({
  id: 'referenceLines',
  afterDatasetsDraw(c) {
    const { ctx, chartArea, scales } = c;
    ctx.save();
    ctx.setLineDash([5, 4]);
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'right';
    for (const m of marks) {
      const y = scales.y.getPixelForValue(m.y);
      if (y < chartArea.top - 1 || y > chartArea.bottom + 1) continue;
      ctx.strokeStyle = m.color;
      ctx.beginPath();
      ctx.moveTo(chartArea.left, y);
      ctx.lineTo(chartArea.right, y);
      ctx.stroke();
      // A light box under the label keeps it readable where it crosses a bar.
      const w = ctx.measureText(m.label).width;
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.fillRect(chartArea.right - w - 4, y - 14, w + 4, 12);
      ctx.fillStyle = m.color;
      ctx.fillText(m.label, chartArea.right - 2, y - 4);
    }
    ctx.restore();
  },
});

export function barConfig(bars: Bars, metric: Metric): ChartConfiguration<'bar'> {
  const lines: Mark[] = [];
  const floor = bars.floor && value(bars.floor, metric);
  const ceiling = bars.ceiling && value(bars.ceiling, metric);
  if (typeof ceiling === 'number') lines.push({ y: ceiling, label: 'ceiling (clean)', color: '#2e9e6a' });
  if (typeof floor === 'number') lines.push({ y: floor, label: 'floor (gray patch)', color: '#8a8d94' });
  const name = (m: { method: MethodId; d?: number }) =>
    `${methodInfo(m.method).label}${m.d === undefined ? '' : ` (d=${m.d})`}`;
  const values = bars.methods.map((m) => value(m, metric));
  // The axis reaches the reference lines, so both are always in view.
  const top = Math.max(...values.map((v) => v ?? 0), ...lines.map((l) => l.y));
  return {
    type: 'bar',
    plugins: [referenceLines(lines)],
    data: {
      labels: bars.methods.map(name),
      datasets: [{ label: METRIC_LABEL[metric], data: values, backgroundColor: BAR }],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { ticks: { autoSkip: false, maxRotation: 30, font: { size: 10 } } },
        y: { beginAtZero: true, suggestedMax: top * 1.08, title: { display: true, text: METRIC_LABEL[metric] } },
      },
      plugins: { legend: { display: false } },
    },
  };
}
