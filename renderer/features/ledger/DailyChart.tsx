import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DayCount } from './ledgerQueries';

const DAY_MS = 86_400_000;

/** Local midnight of a `YYYY-MM-DD` day, in seconds (uPlot's time scale). */
function daySeconds(day: string): number {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1).getTime() / 1000;
}

/**
 * Messages per day as bars (uPlot: canvas, no dependencies). Days without messages are filled with 0
 * so a silent day is visible as a hole, not skipped. The table next to it carries the same numbers for
 * screen readers.
 */
export function DailyChart({ days, label, caption }: { days: DayCount[]; label: string; caption: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    const first = days[0];
    const last = days.at(-1);
    if (!element || !first || !last) return;
    const counts = new Map(days.map((entry) => [daySeconds(entry.day), entry.messages]));
    const xs: number[] = [];
    const ys: number[] = [];
    for (let at = daySeconds(first.day); at <= daySeconds(last.day); at += DAY_MS / 1000) {
      // DST days are 23 or 25 hours long: snap to that local day's midnight.
      const date = new Date(at * 1000);
      const midnight = new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime() / 1000;
      xs.push(midnight);
      ys.push(counts.get(midnight) ?? 0);
    }
    const bars = uPlot.paths.bars;
    const width = Math.max(320, element.clientWidth || 640);
    const chart = new uPlot(
      {
        width,
        height: 220,
        legend: { show: false },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        series: [
          {},
          {
            label,
            stroke: 'rgb(37, 99, 235)',
            fill: 'rgba(37, 99, 235, 0.35)',
            ...(bars ? { paths: bars({ size: [0.8, 40] }) } : {}),
            points: { show: false },
          },
        ],
        axes: [{}, {}],
      },
      [xs, ys],
      element,
    );
    return () => chart.destroy();
  }, [days, label]);
  return <div ref={host} className="ledger-chart" role="img" aria-label={caption} />;
}
