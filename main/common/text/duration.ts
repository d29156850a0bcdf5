/**
 * A duration as people read it — m:ss, or h:mm:ss from an hour — rounded to the nearest second, and
 * "–:––" when unknown. One function for every place a duration is shown (voice and video cards, the
 * voice player, call records), so the same voice never reads 0:03 in one place and 0:04 in another.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–:––';
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
