import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * CPU time (user + system) of the processes a bench runs, read from /proc, so a bench can say where
 * the cores went and how much CPU a unit of work cost, beside its wall-clock rates. Linux only.
 */
export interface ProcessCpu {
  role: string;
  seconds: number;
}

/** USER_HZ: the unit of utime and stime in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100;

/** Every process `roleOf` names, by pid, with its CPU seconds so far. */
export function processCpu(
  roleOf: (argv: readonly string[], ppid: number) => string | null,
): Map<number, ProcessCpu> {
  const result = new Map<number, ProcessCpu>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Chromium's child processes rewrite their title: one string with spaces, not NUL-separated.
      const raw = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0+$/, '');
      const argv = raw.includes('\0') ? raw.split('\0') : raw.split(' ');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after "(comm)": state ppid … utime (14th field of the line) stime (15th).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const role = roleOf(argv, Number(fields[1]));
      if (role === null) continue;
      result.set(Number(entry), {
        role,
        seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      });
    } catch {
      // The process ended between readdir and read.
    }
  }
  return result;
}

/** CPU seconds used between two readings, summed by role, largest first. */
export function cpuSpent(
  before: ReadonlyMap<number, ProcessCpu>,
  after: ReadonlyMap<number, ProcessCpu>,
): Array<[role: string, seconds: number]> {
  const byRole = new Map<string, number>();
  for (const [pid, { role, seconds }] of after)
    byRole.set(role, (byRole.get(role) ?? 0) + seconds - (before.get(pid)?.seconds ?? 0));
  return [...byRole].sort((a, b) => b[1] - a[1]);
}

/** "12.3 s: a 8.0 s, b 4.3 s". */
export function describeCpu(spent: ReadonlyArray<[string, number]>): string {
  const total = spent.reduce((sum, [, seconds]) => sum + seconds, 0);
  return `${total.toFixed(1)} s: ${spent.map(([role, seconds]) => `${role} ${seconds.toFixed(1)} s`).join(', ')}`;
}

/** The program a command line runs, without its directory. */
export function programOf(argv: readonly string[]): string {
  return path.basename(argv[0] ?? '');
}
