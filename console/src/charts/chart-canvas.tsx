import type { ChartConfiguration } from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A Chart.js chart on a canvas, with the same figures as a table for screen readers and keyboard users
 * (a canvas has no text of its own). Chart.js is loaded on first use, as its own chunk.
 */
export const ChartCanvas = (props: {
  name: string;
  /** What the chart shows, in one sentence: the canvas's accessible name. */
  label: string;
  config: ChartConfiguration;
  /** The figures as a table. */
  children: ComponentChildren;
}) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState<string>();
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let current = true;
    import('./chart-js.ts').then(
      ({ Chart }) => {
        if (current && canvas.current) {
          chart = new Chart(canvas.current, props.config);
          canvas.current.dataset.drawn = 'true';
        }
      },
      (error: unknown) => setFailed(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
      chart?.destroy();
    };
  }, [props.config]);
  return (
    <figure class="chart" data-chart={props.name}>
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={props.label} />
      </div>
      <figcaption>{props.label}</figcaption>
      {failed ? (
        <p class="message error" role="alert">
          The chart could not be drawn ({failed}); the table below has the same figures.
        </p>
      ) : null}
      <details class="chart-data">
        <summary>The figures as a table</summary>
        {props.children}
      </details>
    </figure>
  );
};
