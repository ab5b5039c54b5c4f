import {
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

// Only what the dashboard draws: lines (trends, control chart) and points (funnel plots). Keeps the bundle small.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler);
Chart.defaults.animation = false; // figures, not motion (and prefers-reduced-motion for free)
Chart.defaults.color = '#1a1a1a';
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.maintainAspectRatio = false;

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by dash and marker too. */
export const COLOURS = { primary: '#1f4e8c', alarm: '#b3261e', muted: '#5f6368', limit: '#7a4f01', band: 'rgba(31, 78, 140, 0.14)' };

/**
 * A chart.js canvas. The canvas is an image to assistive technology, named by `label` (a one-sentence
 * summary); every chart is accompanied by a table or text with the same figures (`alternative`).
 */
export function ChartFigure({
  config,
  label,
  caption,
  alternative,
  height = 220,
  testId,
}: {
  config: ChartConfiguration;
  label: string;
  caption: ComponentChildren;
  alternative: ComponentChildren;
  height?: number;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>{caption}</figcaption>
      <div class="chart-canvas" style={{ height: `${height}px` }}>
        <canvas ref={canvas} role="img" aria-label={label}>
          {label}
        </canvas>
      </div>
      <details class="alternative">
        <summary>Tallene bag grafen</summary>
        {alternative}
      </details>
    </figure>
  );
}
