import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { z } from 'zod';
import type {
  ArchiveEvent,
  EvidenceAppendDto,
  EvidenceBeginDto,
  EvidenceExportDto,
  EvidenceSignerDto,
  EvidenceVerifyReportDto,
  evidenceAppendSchema,
  evidenceFinishSchema,
} from '../../contract';
import type { MediaService } from '../media/mediaService';
import { voiceToWav } from '../media/voice/voiceTranscoder';
import type { SecretStore } from '../config/secretStore';
import {
  EvidenceBundleWriter,
  type EvidenceBeginParams,
  type EvidenceMediaSource,
  type PdfPrinter,
} from './bundleWriter';
import { EvidenceSigningKey } from './signingKey';
import { verifyBundle } from './verifyBundle';
import { WriterQueue } from '../signedFolder/writerQueue';
import { isKnownTimeZone } from './zonedTime';

export class EvidenceError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-request',
    message: string,
  ) {
    super(message);
    this.name = 'EvidenceError';
  }
}

export interface EvidenceServiceDeps {
  dataDir: string;
  secretStore: SecretStore;
  media: MediaService;
  app: { name: string; version: string; shell: string };
  printer: PdfPrinter | null;
  emit(event: ArchiveEvent): void;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/** How long a demand download for an export may take before the item is exported as not downloaded. */
const FETCH_WAIT_MS = 5 * 60 * 1000;
const FETCH_POLL_MS = 100;

/** The export's id, also its folder's name: time (UTC) and 48 random bits. */
export function newExportId(now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `EV-${stamp}-${randomBytes(6).toString('hex')}`;
}

/**
 * Evidence exports in main (issue 13): one writer per running export, fed chunk by chunk by the
 * renderer; the signing key; verification of a bundle folder.
 */
export class EvidenceService {
  private readonly writers = new WriterQueue<EvidenceBundleWriter>({
    notFound: (exportId) => new EvidenceError('not-found', `No running export ${exportId}.`),
    cancelAfterPendingStep: false,
  });
  readonly signingKey: EvidenceSigningKey;

  constructor(private readonly deps: EvidenceServiceDeps) {
    this.signingKey = new EvidenceSigningKey(deps.secretStore);
  }

  private mediaSource(): EvidenceMediaSource {
    const media = this.deps.media;
    return {
      stored: async (corpId, sdkfileid) => {
        try {
          const stored = await media.storedFile(corpId, sdkfileid);
          return {
            file: stored.file,
            offset: stored.offset,
            size: stored.size,
            mime: stored.mime,
            sha256: stored.sha256,
          };
        } catch {
          return null;
        }
      },
      fetch: async (corpId, items) => {
        await media.enqueue(
          corpId,
          items.map(({ msgid, ref }) => ({
            sdkfileid: ref.sdkfileid,
            msgid,
            kind: ref.kind,
            md5sum: ref.md5sum,
            size: ref.size,
          })),
          'demand',
        );
        const deadline = Date.now() + FETCH_WAIT_MS;
        let waiting = items.map(({ ref }) => ref.sdkfileid);
        while (waiting.length > 0 && Date.now() < deadline) {
          const states = await media.states(corpId, waiting);
          const settled = new Set(
            states
              .filter(
                (state) => state.state === 'done' || state.state === 'failed' || state.state === 'absent',
              )
              .map((state) => state.sdkfileid),
          );
          // An item the store no longer knows is not waited for either.
          const known = new Set(states.map((state) => state.sdkfileid));
          waiting = waiting.filter((id) => known.has(id) && !settled.has(id));
          if (waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, FETCH_POLL_MS));
        }
      },
      toWav: async (bytes) => Buffer.from((await voiceToWav(bytes)).wav),
    };
  }

  async begin(params: EvidenceBeginParams): Promise<EvidenceBeginDto> {
    if (!isKnownTimeZone(params.timeZone))
      throw new EvidenceError('invalid-request', `Unknown time zone ${params.timeZone}.`);
    const parent = params.parentDir ?? path.join(this.deps.dataDir, 'evidence');
    if (!path.isAbsolute(parent))
      throw new EvidenceError('invalid-request', 'The folder for the bundle must be an absolute path.');
    const exportId = newExportId(Date.now());
    const writer = new EvidenceBundleWriter({
      folder: path.join(parent, exportId),
      exportId,
      params,
      app: this.deps.app,
      media: this.mediaSource(),
    });
    await writer.open();
    this.writers.add(exportId, writer);
    this.deps.log('info', 'evidence export started', { exportId, scope: params.scope.kind });
    return { exportId, folder: writer.folder };
  }

  append(input: z.output<typeof evidenceAppendSchema>): Promise<EvidenceAppendDto> {
    return this.writers.step(input.exportId, async (writer) => {
      await writer.append(input.messages, input.names);
      return { received: input.messages.length, ...writer.mediaCounts() };
    });
  }

  async finish(input: z.output<typeof evidenceFinishSchema>): Promise<EvidenceExportDto> {
    const result = await this.writers.lastStep(input.exportId, (writer) =>
      writer.finish(input.audit, this.signingKey.asSigner(), this.deps.printer, (phase, done, total) =>
        this.deps.emit({
          type: 'evidence-progress',
          progress: { exportId: input.exportId, phase, done, total },
        }),
      ),
    );
    this.deps.log('info', 'evidence export finished', {
      exportId: result.exportId,
      messages: result.messages,
      files: result.files,
      pdf: result.pdf,
    });
    return result;
  }

  async cancel(exportId: string): Promise<null> {
    if (!(await this.writers.cancel(exportId))) return null;
    this.deps.log('info', 'evidence export cancelled', { exportId });
    return null;
  }

  signer(): Promise<EvidenceSignerDto> {
    return this.signingKey.describe();
  }

  verify(folder: string, pinnedFingerprint?: string): Promise<EvidenceVerifyReportDto> {
    if (!path.isAbsolute(folder))
      throw new EvidenceError('invalid-request', 'Type the bundle folder as an absolute path.');
    return verifyBundle(folder, pinnedFingerprint ? { pinnedFingerprint } : {});
  }

  async close(): Promise<void> {
    for (const exportId of this.writers.ids()) await this.cancel(exportId);
  }
}
