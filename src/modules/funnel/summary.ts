import { funnelSteps, type FunnelDay, type FunnelStep } from './store.js';

export interface FunnelRow {
  day: string;
  channel: string;
  step: string;
  conversations: number | string;
  currency: string | null;
  amount: number | string | null;
}

/** Rows grouped by (day, channel, step[, currency]) → FunnelDay objects, oldest day first. Shared by both stores. */
export function toFunnelDays(rows: readonly FunnelRow[]): FunnelDay[] {
  const days = new Map<string, FunnelDay>();
  for (const row of rows) {
    const key = `${row.day}|${row.channel}`;
    const day = days.get(key) ?? {
      day: row.day,
      channel: row.channel,
      counts: Object.fromEntries(funnelSteps.map((step) => [step, 0])) as Record<FunnelStep, number>,
      revenue: {},
    };
    if ((funnelSteps as readonly string[]).includes(row.step))
      day.counts[row.step as FunnelStep] += Number(row.conversations);
    if (row.step === 'paid' && row.currency && row.amount !== null)
      day.revenue[row.currency] = (day.revenue[row.currency] ?? 0) + Number(row.amount);
    days.set(key, day);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel));
}
