/**
 * npx tsx native/standin/emulator/cli.ts --root DIR [--port N] [--token-ttl SECONDS] [--rate-limit PER_MINUTE]
 * Serves the WeCom HTTP API emulator for a corpus root on 127.0.0.1 and prints its URL.
 */
import { parseArgs } from 'node:util';
import { startApiEmulator, type ApiEmulatorOptions } from './server';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    port: { type: 'string', default: '0' },
    'token-ttl': { type: 'string' },
    'rate-limit': { type: 'string' },
  },
  strict: true,
});
if (!values.root) {
  process.stderr.write(
    'usage: cli.ts --root DIR [--port N] [--token-ttl SECONDS] [--rate-limit PER_MINUTE]\n',
  );
  process.exit(2);
}
const options: ApiEmulatorOptions = { root: values.root, port: Number(values.port) };
if (values['token-ttl']) options.tokenTtlSeconds = Number(values['token-ttl']);
if (values['rate-limit']) options.rateLimitPerMinute = Number(values['rate-limit']);
const emulator = await startApiEmulator(options);
process.stdout.write(`${emulator.url}\n`);
const stop = (): void => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
