import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildCorpApiData, type CorpApiData } from './apiJson';
import { ArchiveClock } from './archiveClock';
import { ChatScheduler } from './chatScheduler';
import { BudgetExhausted, ConversationEngine } from './conversation';
import type { Recipe } from './hostile';
import { IdFactory } from './ids';
import { MediaIssuer, type MediaLibrary } from './media';
import { ARCHIVE_START_SECONDS, buildRoster, rosterSizeFor } from './people';
import { Prng } from './prng';
import { BIG_SEQ_START } from './profiles';
import { showcaseRecipes } from './showcase';
import type { CorpSpec } from './types';
import { MediaIndexWriter, MessageFileWriter } from './writer';

/** Below this many messages a corp gets plain conversation only (the showcase would crowd it out). */
const FULL_VARIETY_MIN_MESSAGES = 400;

export interface CorpArchiveResult {
  messages: number;
  firstSeq: bigint;
  lastSeq: bigint;
  msgtypes: Record<string, number>;
  mediaFiles: number;
  mediaItems: number;
  api: CorpApiData;
}

/** Writes `<root>/<corpid>/messages.bin` and `media.tsv` for one corp, streaming, and returns its api.json part. */
export function generateCorpArchive(
  spec: CorpSpec,
  root: string,
  seed: number,
  media: MediaLibrary,
): CorpArchiveResult {
  const corpDir = path.join(root, spec.corpid);
  mkdirSync(corpDir, { recursive: true });
  const prng = new Prng(`${seed}:${spec.corpid}`);
  const ids = new IdFactory(spec.corpid, prng.fork('ids'));
  const roster = buildRoster(prng.fork('roster'), ids, rosterSizeFor(spec.messages));
  const sink = new MessageFileWriter(path.join(corpDir, 'messages.bin'));
  const mediaIndex = new MediaIndexWriter(path.join(corpDir, 'media.tsv'));
  const issuer = new MediaIssuer(ids, mediaIndex, prng.fork('media-issue'));
  const firstSeq = spec.bigSeq ? BIG_SEQ_START : 1n;
  const engine = new ConversationEngine({
    prng: prng.fork('engine'),
    ids,
    clock: new ArchiveClock(prng.fork('clock'), spec.messages, ARCHIVE_START_SECONDS),
    media,
    issuer,
    sink,
    roster,
    firstSeq,
    total: spec.messages,
    keyVersions: spec.keyVersions,
  });
  const scheduler = new ChatScheduler(prng.fork('scheduler'), roster.chats);
  const turnPrng = prng.fork('turns');
  const showcase: Recipe[] = spec.messages >= FULL_VARIETY_MIN_MESSAGES ? showcaseRecipes(roster) : [];
  const showcaseAt = showcase.map((_, k) =>
    Math.floor(spec.messages * (0.03 + (0.92 * k) / Math.max(1, showcase.length))),
  );

  let nextShowcase = 0;
  try {
    while (engine.remaining > 0) {
      if (nextShowcase < showcase.length && engine.sent >= (showcaseAt[nextShowcase] as number)) {
        (showcase[nextShowcase++] as Recipe)(engine);
        continue;
      }
      const turn = scheduler.next();
      if (
        turn.firstInChat &&
        turn.chat.kind === 'single' &&
        turn.chat.members[1]?.kind === 'external' &&
        turnPrng.chance(0.35)
      ) {
        // A contact's messages are archived once they agree; the agree event often opens the chat (docs/wecom-sdk.md §6.7).
        engine.sendAgree(turn.chat, turn.chat.members[1], true);
        continue;
      }
      engine.sendRandom(turn.chat, turn.from);
    }
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error;
  } finally {
    sink.close();
    mediaIndex.close();
  }

  const msgtypes: Record<string, number> = {};
  for (const key of [...engine.msgtypes.keys()].sort()) msgtypes[key] = engine.msgtypes.get(key) as number;
  return {
    messages: engine.sent,
    firstSeq,
    lastSeq: engine.lastSeq,
    msgtypes,
    mediaFiles: issuer.distinctFiles,
    mediaItems: issuer.issued,
    api: buildCorpApiData(prng.fork('api'), roster, engine.consent, {
      name: spec.name,
      contactSecret: spec.contactSecret ?? null,
    }),
  };
}
