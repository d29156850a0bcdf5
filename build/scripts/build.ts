import {
  buildRenderer,
  buildStandin,
  bundleApp,
  bundleHost,
  bundleWebShell,
  generateDemoCorpus,
} from './steps';

/**
 * `npm run build`: everything the app and the tests need, in dependency order.
 * Steps can be named to run only some of them: `npm run build -- native host corpus renderer app web`.
 */
const steps: Record<string, () => void | Promise<void>> = {
  native: buildStandin,
  host: bundleHost,
  corpus: () => generateDemoCorpus(process.argv.includes('--fresh-corpus')),
  renderer: buildRenderer,
  app: bundleApp,
  web: bundleWebShell,
};

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const unknown = requested.filter((name) => !(name in steps));
if (unknown.length > 0) {
  console.error(`Unknown build step(s): ${unknown.join(', ')}. Steps: ${Object.keys(steps).join(', ')}`);
  process.exit(2);
}
for (const [name, step] of Object.entries(steps)) {
  if (requested.length > 0 && !requested.includes(name)) continue;
  const started = performance.now();
  await step();
  console.log(`build: ${name} done in ${Math.round(performance.now() - started)} ms`);
}
