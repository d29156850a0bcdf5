import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiJson } from './apiJson';
import { generateCorpArchive } from './corpArchive';
import { ensureKeys } from './keys';
import { MediaLibrary } from './media';
import { Prng } from './prng';
import { corpSpecsForProfile } from './profiles';
import type { CorpSummary, CorpusSummary, GenerateOptions } from './types';
import { formatCorpsTsv } from './writer';

/**
 * The stand-in corpus generator: writes a corpus root (CORPUS-FORMAT.md) that the C stand-in SDK and the
 * HTTP API emulator serve. Same seed ⇒ byte-identical messages.bin, media.tsv, api.json and manifest.json;
 * only RSA keys are random, and existing keys are kept.
 */

export type { CorpSpec, CorpSummary, CorpusRecord, CorpusSummary, GenerateOptions } from './types';
export type { ApiJson, CorpApiData } from './apiJson';
export { BENCH_CORP, DEMO_CORP, TEST_CORPS, corpSpecsForProfile } from './profiles';
export { readCorpusRecords, readMediaIndex, readPrivateKeyPem } from './reader';

/** Bumped whenever the same seed would produce different bytes. */
export const GENERATOR_VERSION = 1;

export async function generateCorpus(opts: GenerateOptions): Promise<CorpusSummary> {
  const root = path.resolve(opts.outDir);
  mkdirSync(root, { recursive: true });
  const specs = corpSpecsForProfile(opts);
  const media = MediaLibrary.install(root, new Prng(`${opts.seed}:media`));
  const api: ApiJson = { version: 1, corps: {} };
  const corps: CorpSummary[] = [];

  for (const spec of specs) {
    const reuse = opts.reuseKeysFrom
      ? path.join(path.resolve(opts.reuseKeysFrom), spec.corpid, 'keys')
      : undefined;
    ensureKeys(path.join(root, spec.corpid, 'keys'), spec.keyVersions, reuse);
    const result = generateCorpArchive(spec, root, opts.seed, media);
    api.corps[spec.corpid] = result.api;
    const summary: CorpSummary = {
      corpid: spec.corpid,
      secret: spec.secret,
      messages: result.messages,
      firstSeq: result.firstSeq.toString(),
      lastSeq: result.lastSeq.toString(),
      keyVersions: [...spec.keyVersions],
      mediaFiles: result.mediaFiles,
      msgtypes: result.msgtypes,
      name: spec.name,
      flags: { ...(spec.flags ?? {}) },
      mediaItems: result.mediaItems,
    };
    if (spec.contactSecret) summary.contactSecret = spec.contactSecret;
    corps.push(summary);
    // Yield between corps so a caller's event loop (progress output, timers) keeps running.
    await new Promise((resolve) => setImmediate(resolve));
  }

  writeFileSync(
    path.join(root, 'corps.tsv'),
    formatCorpsTsv(specs.map((s) => ({ corpid: s.corpid, secret: s.secret, flags: s.flags ?? {} }))),
  );
  writeFileSync(path.join(root, 'api.json'), JSON.stringify(api, null, 1) + '\n');
  const manifest = {
    generator: 'native/standin/corpus',
    generatorVersion: GENERATOR_VERSION,
    profile: opts.profile,
    seed: opts.seed,
    corps,
  };
  writeFileSync(path.join(root, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { root, seed: opts.seed, corps };
}
