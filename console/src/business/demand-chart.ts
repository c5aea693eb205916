import type { ChartConfiguration } from 'chart.js';
import type { DemandPicture } from '../../../schemas/api/demand.ts';

/** Colours with at least 4.5:1 contrast on white, told apart by more than hue (dashes for the lines). */
const COLOURS = {
  order: '#0b5cad',
  quote: '#a34f00',
  web: '#6a3d9a',
  cumulative: '#1a1f2b',
  stock: '#1d6b35',
  safety: '#a4161a',
};

/** Demand per day and its running total, the figures the chart and its table show. */
export const demandSeries = (picture: DemandPicture) => {
  let running = 0;
  return picture.days.map((d) => {
    running += d.total;
    return { ...d, cumulative: running };
  });
};

/**
 * Demand by source and day as stacked bars; the running total against available stock and safety stock as
 * lines, so the day demand overtakes what is there is where the lines cross.
 */
export const demandChartConfig = (picture: DemandPicture): ChartConfiguration<'bar' | 'line'> => {
  const series = demandSeries(picture);
  const flat = (value: number) => series.map(() => value);
  return {
    type: 'bar',
    data: {
      labels: series.map((d) => d.day),
      datasets: [
        {
          type: 'bar',
          label: 'Orders',
          data: series.map((d) => d.order),
          backgroundColor: COLOURS.order,
          stack: 'demand',
        },
        {
          type: 'bar',
          label: 'Quotes (weighted)',
          data: series.map((d) => d.quote),
          backgroundColor: COLOURS.quote,
          stack: 'demand',
        },
        {
          type: 'bar',
          label: 'Web interest (weighted)',
          data: series.map((d) => d.web),
          backgroundColor: COLOURS.web,
          stack: 'demand',
        },
        {
          type: 'line',
          label: 'Cumulative demand',
          data: series.map((d) => d.cumulative),
          borderColor: COLOURS.cumulative,
          backgroundColor: COLOURS.cumulative,
          pointRadius: 2,
          // Lines each get a stack of their own, so the stacked axis stacks only the demand bars.
          stack: 'cumulative',
        },
        {
          type: 'line',
          label: 'Available stock now',
          data: flat(picture.stock.available),
          borderColor: COLOURS.stock,
          backgroundColor: COLOURS.stock,
          borderDash: [6, 4],
          pointRadius: 0,
          stack: 'stock',
        },
        {
          type: 'line',
          label: 'Safety stock',
          data: flat(picture.safetyStock),
          borderColor: COLOURS.safety,
          backgroundColor: COLOURS.safety,
          borderDash: [2, 3],
          pointRadius: 0,
          stack: 'safety',
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, title: { display: true, text: 'day the demand is due' } },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: 'units' } },
      },
    },
  };
};
