/**
 * npx tsx native/standin/corpus/cli.ts --out DIR [--seed N] [--profile demo|test|bench] [--messages N] [--reuse-keys DIR]
 * Generates a corpus root and prints its summary as JSON.
 */
import { parseArgs } from 'node:util';
import { generateCorpus, type GenerateOptions } from './index';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    profile: { type: 'string', default: 'demo' },
    messages: { type: 'string' },
    'reuse-keys': { type: 'string' },
  },
  strict: true,
});

function fail(message: string): never {
  process.stderr.write(
    `${message}\nusage: cli.ts --out DIR [--seed N] [--profile demo|test|bench] [--messages N] [--reuse-keys DIR]\n`,
  );
  process.exit(2);
}

if (!values.out) fail('--out is required');
const profile = values.profile;
if (profile !== 'demo' && profile !== 'test' && profile !== 'bench') fail(`unknown profile ${profile}`);
const seed = Number(values.seed);
if (!Number.isSafeInteger(seed)) fail('--seed must be an integer');
const options: GenerateOptions = { outDir: values.out, seed, profile };
if (values.messages !== undefined) {
  const messages = Number(values.messages);
  if (!Number.isSafeInteger(messages) || messages < 1) fail('--messages must be a positive integer');
  options.messages = messages;
}
if (values['reuse-keys']) options.reuseKeysFrom = values['reuse-keys'];

const started = Date.now();
const summary = await generateCorpus(options);
process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
process.stderr.write(
  `generated ${summary.corps.reduce((n, c) => n + c.messages, 0)} messages in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
