import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * The ingest benchmark's baseline: RSA-2048 PKCS#1 v1.5 private decryption of the same random keys,
 * on all cores, and nothing else — the per-message floor of ingest cost (docs/platform-facts.md §3: ~4k/s/core).
 * Node 20 needs `--security-revert=CVE-2023-46809` for this; the bench script starts Node with it and
 * worker threads share the process flags.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, privateDecrypt, constants } = require('node:crypto');
const keys = new Map(Object.entries(workerData.keys).map(([v, pem]) => [Number(v), createPrivateKey(pem)]));
let done = 0;
for (const item of workerData.items) {
  const key = keys.get(item.ver);
  const plain = privateDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(item.rk, 'base64'));
  if (plain.length === 32) done++;
}
parentPort.postMessage(done);
`;

export interface RsaItem {
  ver: number;
  rk: string;
}

export async function rsaOnlyThroughput(
  items: readonly RsaItem[],
  keys: Readonly<Record<number, string>>,
  threads = availableParallelism(),
): Promise<{ msgsPerSec: number; threads: number; decrypted: number }> {
  const shares: RsaItem[][] = Array.from({ length: threads }, () => []);
  items.forEach((item, index) => shares[index % threads]?.push(item));
  const started = performance.now();
  const counts = await Promise.all(
    shares.map(
      (share) =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(workerSource, { eval: true, workerData: { items: share, keys } });
          worker.once('message', (n: number) => resolve(n));
          worker.once('error', reject);
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const decrypted = counts.reduce((a, b) => a + b, 0);
  if (decrypted !== items.length)
    throw new Error(`RSA baseline decrypted ${decrypted} of ${items.length} keys`);
  return { msgsPerSec: decrypted / seconds, threads, decrypted };
}
