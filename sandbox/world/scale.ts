import * as z from 'zod';

/** How big the sandbox world is: `small` for tests, `demo` for `npm start`, or a customer count. */
export const SandboxScaleSchema = z.union([
  z.literal('small'),
  z.literal('demo'),
  z.number().int().min(5).max(200_000),
]);
export type SandboxScale = z.infer<typeof SandboxScaleSchema>;

/** Volumes derived from a scale. */
export interface ScaleProfile {
  readonly customers: number;
  readonly sizesPerFamily: number;
  readonly orders: number;
  readonly historyDays: number;
  readonly webSessions: number;
  /** New orders per tick. */
  readonly tickOrders: number;
  /** Pending order milestones pushed forward per tick (so data moves even with a frozen clock). */
  readonly tickAdvances: number;
  /** Web sessions per tick. */
  readonly tickSessions: number;
}

/** Resolves a scale to concrete volumes. */
export const scaleProfile = (scale: SandboxScale): ScaleProfile => {
  if (scale === 'small') {
    return {
      customers: 40,
      sizesPerFamily: 2,
      orders: 160,
      historyDays: 540,
      webSessions: 24,
      tickOrders: 2,
      tickAdvances: 4,
      tickSessions: 3,
    };
  }
  if (scale === 'demo') {
    return {
      customers: 300,
      sizesPerFamily: 5,
      orders: 1_800,
      historyDays: 720,
      webSessions: 240,
      tickOrders: 3,
      tickAdvances: 8,
      tickSessions: 6,
    };
  }
  return {
    customers: scale,
    sizesPerFamily: scale >= 200 ? 5 : 3,
    orders: scale * 6,
    historyDays: 720,
    webSessions: Math.min(scale, 2_000),
    tickOrders: Math.max(2, Math.round(scale / 100)),
    tickAdvances: Math.max(4, Math.round(scale / 40)),
    tickSessions: Math.max(3, Math.round(scale / 50)),
  };
};
