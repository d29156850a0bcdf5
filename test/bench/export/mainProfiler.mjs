// bench:export --profile: preloaded into the browser shell (NODE_OPTIONS=--import), samples main's CPU
// and writes BENCH_MAIN_PROFILE_DIR/main-<pid>.cpuprofile when the shell exits; export.bench.ts prints
// its heaviest functions after the renderer's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.BENCH_MAIN_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error || !result) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `main-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
