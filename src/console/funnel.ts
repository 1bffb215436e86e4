import { escapeHtml } from '../core/index.js';
import { funnelSteps, type FunnelDay, type FunnelStep } from '../modules/funnel/store.js';

export interface FunnelReport {
  from: string;
  to: string;
  days: FunnelDay[];
  totals: {
    counts: Record<FunnelStep, number>;
    revenue: Record<string, number>;
    conversion: number;
    averageOrderValue: Record<string, number>;
  };
}

/** Totals over the days: conversion = paid ÷ conversations started; average order value per currency, in minor units (rounded down). */
export function funnelReport(from: string, to: string, days: FunnelDay[]): FunnelReport {
  const counts = Object.fromEntries(
    funnelSteps.map((step) => [step, days.reduce((sum, day) => sum + day.counts[step], 0)]),
  ) as Record<FunnelStep, number>;
  const revenue: Record<string, number> = {};
  for (const day of days)
    for (const [currency, amount] of Object.entries(day.revenue)) revenue[currency] = (revenue[currency] ?? 0) + amount;
  const averageOrderValue = Object.fromEntries(
    Object.entries(revenue).map(([currency, amount]) => [
      currency,
      counts.paid > 0 ? Math.floor(amount / counts.paid) : 0,
    ]),
  );
  return {
    from,
    to,
    days,
    totals: {
      counts,
      revenue,
      conversion: counts.conversation_started > 0 ? counts.paid / counts.conversation_started : 0,
      averageOrderValue,
    },
  };
}

const csvField = (value: string | number) =>
  /[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value);

/** One row per day and channel; revenue as `JPY:4800` pairs (minor units). */
export function funnelCsv(report: FunnelReport): string {
  const header = ['day', 'channel', ...funnelSteps, 'revenue'];
  const rows = report.days.map((day) => [
    day.day,
    day.channel,
    ...funnelSteps.map((step) => day.counts[step]),
    Object.entries(day.revenue)
      .map(([currency, amount]) => `${currency}:${amount}`)
      .join(' '),
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

const labels: Record<FunnelStep, string> = {
  conversation_started: 'conversations',
  recommendations_shown: 'saw products',
  added_to_cart: 'added to cart',
  checkout_started: 'checkout started',
  paid: 'paid',
};

/** The funnel as horizontal bars, drawn as SVG by hand (no chart library, nothing fetched). */
export function funnelSvg(
  report: FunnelReport,
  names: Readonly<Record<FunnelStep, string>> = labels,
  title = 'sales funnel',
): string {
  const max = Math.max(1, ...funnelSteps.map((step) => report.totals.counts[step]));
  const bars = funnelSteps
    .map((step, index) => {
      const count = report.totals.counts[step];
      const width = Math.round((count / max) * 420);
      const y = 10 + index * 34;
      return `<text x="0" y="${y + 17}" font-size="13">${escapeHtml(names[step])}</text><rect x="130" y="${y}" width="${width}" height="24" fill="#2a7a4b" rx="3"/><text x="${136 + width}" y="${y + 17}" font-size="13">${count}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="${escapeHtml(title)}" width="600" height="${20 + funnelSteps.length * 34}" viewBox="0 0 600 ${20 + funnelSteps.length * 34}" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}
