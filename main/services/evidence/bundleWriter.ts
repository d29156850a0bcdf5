import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type {
  EvidenceExportDto,
  EvidenceMessageDto,
  EvidenceProgressDto,
  evidenceBeginSchema,
} from '../../contract';
import {
  mediaRefsOf,
  quotableTextOf,
  readMessage,
  searchFieldsOf,
  type MediaRef,
  type Message,
} from '../../common/message';
import {
  BUNDLE_FORMAT,
  CANONICAL_FORM,
  CSV_COLUMNS,
  FILES,
  MEDIA_DIR,
  byPath,
  contentDigestOf,
  csvLine,
  manifestHashOf,
  sumsLines,
  type Manifest,
  type ManifestFile,
} from './bundleFormat';
import { extensionOfMime } from '../media/mediaService';
import { readStoredBytes } from '../media/storedBytes';
import { bundleCss } from './bundleCss';
import { zipBundle } from './bundleZip';
import { HashedFile, hashFile } from './hashedFile';
import { escapeHtml, renderBody, type BundledMedia, type CardContext } from './htmlCards';
import { readmeText } from './readme';
import { zonedTimeFormatter } from './zonedTime';

export type EvidenceBeginParams = z.output<typeof evidenceBeginSchema>;

/** Where a downloaded media item's bytes are (the media store's record). */
export interface StoredMediaBytes {
  file: string;
  offset: number;
  size: number;
  mime: string;
  sha256: string;
}

/** What the writer needs of the media store. */
export interface EvidenceMediaSource {
  stored(corpId: string, sdkfileid: string): Promise<StoredMediaBytes | null>;
  /**
   * Downloads missing items (all queued at once, so the media queue fetches them side by side) and
   * waits until each is stored or failed (fetchMissingMedia).
   */
  fetch?(corpId: string, items: ReadonlyArray<{ msgid: string; ref: MediaRef }>): Promise<void>;
  /** Voice (AMR / SILK) decoded to WAV. */
  toWav(bytes: Buffer): Promise<Buffer>;
}

export interface PdfPrinter {
  /** Prints `htmlFile` to `pdfFile`; the footer states the export id, bundle hash and page numbers. */
  print(htmlFile: string, pdfFile: string, footer: string, signal: AbortSignal): Promise<void>;
}

/** What a signed folder's writer signs with: the evidence signing key (signingKey.ts). */
export interface BundleSigner {
  fingerprint(): Promise<string>;
  publicKeyPem(): Promise<string>;
  sign(data: Buffer): Promise<Buffer>;
}

export interface BundleWriterOptions {
  folder: string;
  exportId: string;
  params: EvidenceBeginParams;
  app: { name: string; version: string; shell: string };
  media: EvidenceMediaSource;
  now?: () => number;
}

/** Longest quotable text kept for linking quotes to their originals (memory stays bounded). */
const QUOTE_KEY_LIMIT = 500;

export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled.');
    this.name = 'ExportCancelled';
  }
}

interface CorpRange {
  corpid: string;
  messages: number;
  seqFrom: bigint;
  seqTo: bigint;
}

/**
 * Writes one evidence bundle (issue 13, docs/evidence.md): index.html, messages.csv and messages.jsonl
 * streamed as chunks arrive, media copied by content hash as they are met; at the end audit.jsonl,
 * README.txt, report.pdf, signer.pub, manifest.json, manifest.sig and SHA256SUMS. Only one chunk of
 * messages is in memory at a time; what is kept across chunks is bounded per message (anchors, quote
 * keys) or per media file.
 */
export class EvidenceBundleWriter {
  readonly folder: string;
  readonly exportId: string;
  private readonly params: EvidenceBeginParams;
  private readonly abort = new AbortController();
  private readonly now: () => number;
  private readonly startedAt: number;
  private readonly time: (ms: number | null) => string;
  private html!: HashedFile;
  private csv!: HashedFile;
  private jsonl!: HashedFile;
  private mediaIndex!: HashedFile;
  private readonly written: ManifestFile[] = [];
  private readonly names = new Map<string, string>();
  private readonly anchors = new Map<string, string>();
  private readonly quoteKeys = new Map<string, string>();
  private readonly mediaBySdkfileid = new Map<string, BundledMedia>();
  /** Media a download was asked for already (fetchMissingMedia), whatever came of it. */
  private readonly fetchTried = new Set<string>();
  private readonly mediaFilesBySha = new Map<string, { href: string; wavHref: string | null; md5: string }>();
  private readonly corps = new Map<string, CorpRange>();
  private readonly conversations = new Set<string>();
  private currentConv: string | null = null;
  private rows = 0;
  private asked = 0;
  private mediaMissing = 0;
  private fromMs: number | null = null;
  private toMs: number | null = null;
  private finished = false;

  constructor(private readonly options: BundleWriterOptions) {
    this.folder = options.folder;
    this.exportId = options.exportId;
    this.params = options.params;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.time = zonedTimeFormatter(options.params.timeZone);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  private L = (key: string, vars?: Record<string, string | number>): string => {
    let text = this.params.labels[key] ?? key;
    if (vars)
      for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{{${name}}}`, String(value));
    return text;
  };

  async open(): Promise<void> {
    await mkdir(path.dirname(this.folder), { recursive: true });
    await mkdir(this.folder, { recursive: false });
    await mkdir(path.join(this.folder, MEDIA_DIR));
    this.html = new HashedFile(path.join(this.folder, FILES.html));
    this.csv = new HashedFile(path.join(this.folder, FILES.csv));
    this.jsonl = new HashedFile(path.join(this.folder, FILES.jsonl));
    this.mediaIndex = new HashedFile(path.join(this.folder, FILES.media));
    // UTF-8 with BOM, so spreadsheet software reads Chinese correctly.
    await this.csv.write(`\uFEFF${csvLine(CSV_COLUMNS)}`);
    await this.html.write(this.htmlHead());
  }

  private htmlHead(): string {
    const { scope, reviewer, timeZone, locale } = this.params;
    const offsetNow = this.time(this.startedAt).split(' ').pop() ?? '';
    const facts: Array<[string, string]> = [
      ['bundle.exportId', this.exportId],
      ['bundle.scope', scope.title],
      ['bundle.reviewer', reviewer.employeeId ? `${reviewer.name} (${reviewer.employeeId})` : reviewer.name],
      ['bundle.createdAt', this.time(this.startedAt)],
      ['bundle.timeZone', `${timeZone} (${offsetNow})`],
      ['bundle.app', `${this.options.app.name} ${this.options.app.version} (${this.options.app.shell})`],
    ];
    if (scope.contextMessages > 0) facts.push(['bundle.contextMessages', String(scope.contextMessages)]);
    return (
      `<!DOCTYPE html>\n<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8">` +
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' file:; media-src 'self' file:">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${escapeHtml(this.L('bundle.title'))} ${escapeHtml(this.exportId)}</title><style>${bundleCss}</style></head><body>\n` +
      `<header class="hd"><h1>${escapeHtml(this.L('bundle.title'))}</h1><dl class="f">${facts
        .map(([key, value]) => `<dt>${escapeHtml(this.L(key))}</dt><dd>${escapeHtml(value)}</dd>`)
        .join('')}</dl><p class="tz">${escapeHtml(this.L('bundle.timeZoneNote', { zone: timeZone }))}</p>` +
      `<p class="legend"><span class="marks-legend">${escapeHtml(this.L('bundle.marksLayer'))}</span> ${escapeHtml(this.L('bundle.marksLayerNote'))}</p></header>\n<main>\n`
    );
  }

  private check(): void {
    if (this.abort.signal.aborted) throw new ExportCancelled();
  }

  /** One chunk of messages, in reading order. */
  async append(messages: readonly EvidenceMessageDto[], names: Record<string, string>): Promise<void> {
    this.check();
    for (const [id, name] of Object.entries(names)) this.names.set(id, name);
    let html = '';
    let csv = '';
    let jsonl = '';
    const read = messages.map((dto) =>
      dto.raw !== undefined && dto.status === 'ok' ? readMessage(dto.raw) : null,
    );
    await this.fetchMissing(messages, read);
    for (const [index, dto] of messages.entries()) {
      this.check();
      const message = read[index] ?? null;
      const media = message ? await this.collectMedia(dto, message) : [];
      this.rows += 1;
      if (!dto.context) this.asked += 1;
      this.track(dto, message);
      html += this.messageHtml(dto, message);
      csv += this.csvRow(dto, message, media);
      jsonl += `${JSON.stringify({
        corp: dto.corpid,
        corpId: dto.corpId,
        seq: dto.seq,
        msgid: dto.msgid,
        publickey_ver: dto.publickeyVer,
        status: dto.status,
        context: dto.context,
        decrypted: dto.raw ?? null,
        ...(dto.rawBase64 === undefined ? {} : { decrypted_base64: dto.rawBase64 }),
        ...(dto.envelope === undefined
          ? {}
          : {
              envelope: {
                encrypt_random_key: dto.envelope.encryptRandomKey,
                encrypt_chat_msg: dto.envelope.encryptChatMsg,
              },
            }),
      })}\n`;
    }
    await this.html.write(html);
    await this.csv.write(csv);
    await this.jsonl.write(jsonl);
  }

  private track(dto: EvidenceMessageDto, message: Message | null): void {
    const seq = BigInt(dto.seq);
    const corp = this.corps.get(dto.corpId);
    if (!corp) this.corps.set(dto.corpId, { corpid: dto.corpid, messages: 1, seqFrom: seq, seqTo: seq });
    else {
      corp.messages += 1;
      if (seq < corp.seqFrom) corp.seqFrom = seq;
      if (seq > corp.seqTo) corp.seqTo = seq;
    }
    if (dto.convId) this.conversations.add(`${dto.corpId}\u0000${dto.convId}`);
    const ms = message?.msgtime ?? 0;
    if (ms > 0) {
      if (this.fromMs === null || ms < this.fromMs) this.fromMs = ms;
      if (this.toMs === null || ms > this.toMs) this.toMs = ms;
    }
  }

  private nameOf = (id: string): string => {
    const name = this.names.get(id);
    return name && name !== id ? `${name} (${id})` : id;
  };

  private messageHtml(dto: EvidenceMessageDto, message: Message | null): string {
    let out = '';
    const convKey = `${dto.corpId}\u0000${dto.convId ?? ''}`;
    if (convKey !== this.currentConv) {
      if (this.currentConv !== null) out += '</section>\n';
      this.currentConv = convKey;
      out += `<section class="conv"><h2>${escapeHtml(dto.convLabel ?? dto.convId ?? '')}</h2>\n`;
    }
    const anchor = `m${this.rows}`;
    this.anchors.set(`${dto.corpId}\u0000${dto.msgid}`, anchor);
    const ctx = this.cardContext(dto);
    const sender = message ? message.from : '';
    const typeLabel = message
      ? this.L(`type.${message.body.kind === 'unsupported' ? 'unknown' : message.body.kind}`)
      : '';
    out +=
      `<article class="msg${dto.context ? ' ctx' : ''}" id="${anchor}" data-msgtype="${escapeHtml(message?.msgtype ?? '')}"><div class="mh">` +
      `<span class="who">${escapeHtml(sender ? (this.names.get(sender) ?? sender) : '')}</span>` +
      (sender && this.names.has(sender) ? ` <span class="id">${escapeHtml(sender)}</span>` : '') +
      ` <time>${escapeHtml(message ? this.time(message.msgtime) || this.L('bundle.unknownTime') : '')}</time>` +
      ` <span class="meta">${escapeHtml(typeLabel)} · seq ${escapeHtml(dto.seq)} · ${escapeHtml(dto.msgid)}</span>` +
      (dto.context ? ` <span class="ctxl">${escapeHtml(this.L('bundle.context'))}</span>` : '') +
      `</div>`;
    if (message) {
      out += renderBody(message.body, ctx);
      if (message.body.kind === 'text') {
        const key = quotableTextOf(message).trim();
        if (key && key.length <= QUOTE_KEY_LIMIT) this.quoteKeys.set(`${convKey}\u0000${key}`, anchor);
      }
    } else {
      out += `<div class="card k-undecrypted">${escapeHtml(
        this.L('bundle.notDecrypted', { status: dto.status, version: dto.publickeyVer }),
      )}</div>`;
    }
    if (dto.marks) out += this.marksHtml(dto.marks);
    return `${out}</article>\n`;
  }

  private marksHtml(marks: NonNullable<EvidenceMessageDto['marks']>): string {
    const rows: Array<[string, string]> = [];
    if (marks.flag) rows.push(['bundle.marks.flag', marks.flag]);
    if (marks.tags.length) rows.push(['bundle.marks.tags', marks.tags.join(', ')]);
    if (marks.note) rows.push(['bundle.marks.note', marks.note]);
    if (marks.cases.length) rows.push(['bundle.marks.cases', marks.cases.join(', ')]);
    if (!rows.length) return '';
    return (
      `<aside class="marks"><div class="ml">${escapeHtml(this.L('bundle.marksLayer'))}</div><dl class="f">` +
      rows
        .map(([key, value]) => `<dt>${escapeHtml(this.L(key))}</dt><dd>${escapeHtml(value)}</dd>`)
        .join('') +
      `</dl></aside>`
    );
  }

  private cardContext(dto: EvidenceMessageDto): CardContext {
    const convKey = `${dto.corpId}\u0000${dto.convId ?? ''}`;
    return {
      L: this.L,
      name: this.nameOf,
      time: this.time,
      media: (ref) =>
        this.mediaBySdkfileid.get(`${dto.corpId}\u0000${ref.sdkfileid}`) ?? {
          href: null,
          wavHref: null,
          sha256: null,
        },
      anchorOf: (msgid) => this.anchors.get(`${dto.corpId}\u0000${msgid}`) ?? null,
      quoteTarget: (quoted) => this.quoteKeys.get(`${convKey}\u0000${quoted.trim()}`) ?? null,
    };
  }

  private csvRow(dto: EvidenceMessageDto, message: Message | null, media: BundledMedia[]): string {
    const marks = dto.marks;
    const sender = message?.from ?? '';
    return csvLine([
      String(this.rows),
      dto.corpid,
      dto.seq,
      dto.msgid,
      dto.status,
      String(dto.publickeyVer),
      message ? this.time(message.msgtime) : '',
      message && message.msgtime > 0 ? String(message.msgtime) : '',
      dto.convLabel ?? '',
      dto.convId ?? '',
      sender,
      sender ? (this.names.get(sender) ?? '') : '',
      message ? message.tolist.join(';') : '',
      message?.roomid ?? '',
      message?.msgtype ?? '',
      message?.action ?? '',
      message ? searchFieldsOf(message).join(' | ') : '',
      media.map((item) => item.href ?? '').join(';'),
      media.map((item) => item.sha256 ?? '').join(';'),
      dto.context ? 'yes' : 'no',
      marks?.flag ?? '',
      marks?.tags.join(';') ?? '',
      marks?.note ?? '',
      marks?.cases.join(';') ?? '',
    ]);
  }

  /** Copies each media item of the message into media/ (once per content), and records the mapping. */
  private async collectMedia(dto: EvidenceMessageDto, message: Message): Promise<BundledMedia[]> {
    const refs = mediaRefsOf(message);
    const out: BundledMedia[] = [];
    for (const ref of refs) {
      const key = `${dto.corpId}\u0000${ref.sdkfileid}`;
      let bundled = this.mediaBySdkfileid.get(key);
      if (!bundled) {
        bundled = await this.includeMedia(dto, ref);
        this.mediaBySdkfileid.set(key, bundled);
      }
      out.push(bundled);
    }
    return out;
  }

  /**
   * fetchMissingMedia: the chunk's media not in the bundle yet and not stored are downloaded together
   * before the chunk is written (one at a time as they were met, each waited for, the queue idled).
   */
  private async fetchMissing(
    messages: readonly EvidenceMessageDto[],
    read: ReadonlyArray<Message | null>,
  ): Promise<void> {
    const source = this.options.media;
    if (!this.params.fetchMissingMedia || !source.fetch) return;
    const wanted = new Map<string, Map<string, { msgid: string; ref: MediaRef }>>();
    for (const [index, dto] of messages.entries()) {
      const message = read[index];
      if (!message) continue;
      for (const ref of mediaRefsOf(message)) {
        const key = `${dto.corpId}\u0000${ref.sdkfileid}`;
        if (this.mediaBySdkfileid.has(key) || this.fetchTried.has(key)) continue;
        this.fetchTried.add(key);
        if (await source.stored(dto.corpId, ref.sdkfileid)) continue;
        const corp = wanted.get(dto.corpId) ?? new Map<string, { msgid: string; ref: MediaRef }>();
        corp.set(ref.sdkfileid, { msgid: dto.msgid, ref });
        wanted.set(dto.corpId, corp);
      }
    }
    for (const [corpId, items] of wanted) {
      await source.fetch(corpId, [...items.values()]);
      this.check();
    }
  }

  private async includeMedia(dto: EvidenceMessageDto, ref: MediaRef): Promise<BundledMedia> {
    const stored = await this.options.media.stored(dto.corpId, ref.sdkfileid);
    const entry = {
      corp: dto.corpid,
      msgid: dto.msgid,
      seq: dto.seq,
      path: ref.path,
      kind: ref.kind,
      sdkfileid: ref.sdkfileid,
      /** Display only: never used as a path. */
      original_name: ref.fileName ?? null,
      md5_reported: ref.md5sum,
      size_reported: ref.size,
    };
    if (!stored) {
      this.mediaMissing += 1;
      await this.mediaIndex.write(`${JSON.stringify({ ...entry, state: 'not-downloaded', file: null })}\n`);
      return { href: null, wavHref: null, sha256: null };
    }
    let files = this.mediaFilesBySha.get(stored.sha256);
    if (!files) {
      files = await this.copyMedia(stored);
      this.mediaFilesBySha.set(stored.sha256, files);
    }
    await this.mediaIndex.write(
      `${JSON.stringify({
        ...entry,
        state: 'included',
        file: files.href,
        wav: files.wavHref,
        size: stored.size,
        sha256: stored.sha256,
        md5_computed: files.md5,
        mime: stored.mime,
      })}\n`,
    );
    return { href: files.href, wavHref: files.wavHref, sha256: stored.sha256 };
  }

  private async readSegment(stored: StoredMediaBytes): Promise<{ bytes: Buffer; md5: string }> {
    const bytes = await readStoredBytes(
      stored,
      () => new Error('A stored media file is shorter than recorded.'),
    );
    return { bytes, md5: createHash('md5').update(bytes).digest('hex') };
  }

  private async copyMedia(
    stored: StoredMediaBytes,
  ): Promise<{ href: string; wavHref: string | null; md5: string }> {
    const { bytes, md5 } = await this.readSegment(stored);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== stored.sha256)
      throw new Error(`A stored media file no longer matches its recorded SHA-256 (${stored.sha256}).`);
    const href = `${MEDIA_DIR}/${sha256}${extensionOfMime[stored.mime] ?? '.bin'}`;
    await writeFile(path.join(this.folder, href), bytes, { flag: 'wx' });
    this.written.push({ path: href, size: bytes.length, sha256 });
    let wavHref: string | null = null;
    if (stored.mime === 'audio/amr' || stored.mime === 'audio/silk') {
      try {
        const wav = await this.options.media.toWav(bytes);
        wavHref = `${MEDIA_DIR}/${sha256}.wav`;
        await writeFile(path.join(this.folder, wavHref), wav, { flag: 'wx' });
        this.written.push({
          path: wavHref,
          size: wav.length,
          sha256: createHash('sha256').update(wav).digest('hex'),
        });
      } catch {
        wavHref = null; // the original is in the bundle; the card says there is no player
      }
    }
    return { href, wavHref, md5 };
  }

  /** Ends the streamed files and writes the rest; the bundle is complete when this resolves. */
  async finish(
    audit: readonly Record<string, unknown>[],
    signer: BundleSigner,
    printer: PdfPrinter | null,
    progress: (phase: EvidenceProgressDto['phase'], done: number, total: number) => void,
  ): Promise<EvidenceExportDto> {
    this.check();
    this.finished = true;
    const counts = {
      messages: this.rows,
      askedMessages: this.asked,
      contextMessages: this.rows - this.asked,
      conversations: this.conversations.size,
      mediaFiles: this.mediaFilesBySha.size,
      mediaMissing: this.mediaMissing,
      auditEntries: audit.length,
    };
    await this.html.write(
      `${this.currentConv === null ? '' : '</section>\n'}</main>\n<footer class="ft"><dl class="f">${[
        ['bundle.count.messages', counts.messages],
        ['bundle.count.context', counts.contextMessages],
        ['bundle.count.media', counts.mediaFiles],
        ['bundle.count.mediaMissing', counts.mediaMissing],
      ]
        .map(([key, value]) => `<dt>${escapeHtml(this.L(String(key)))}</dt><dd>${value}</dd>`)
        .join('')}</dl><p>${escapeHtml(this.L('bundle.checkNote'))}</p></footer>\n</body></html>\n`,
    );
    for (const [name, file] of [
      [FILES.html, this.html],
      [FILES.csv, this.csv],
      [FILES.jsonl, this.jsonl],
      [FILES.media, this.mediaIndex],
    ] as const)
      this.written.push({ path: name, ...(await file.close()) });

    const auditText = audit.map((entry) => `${JSON.stringify(entry)}\n`).join('');
    await this.writeSmall(FILES.audit, auditText);
    await this.writeSmall(FILES.readme, readmeText(this.exportId));
    await this.writeSmall(FILES.signer, await signer.publicKeyPem());

    const contentDigest = contentDigestOf([...this.written].sort(byPath));
    let pdf: EvidenceExportDto['pdf'] = 'skipped';
    let pdfProblem: string | undefined;
    if (this.params.includePdf) {
      if (!printer) {
        pdf = 'failed';
        pdfProblem = 'No browser to print the PDF with was found.';
      } else {
        progress('pdf', 0, 1);
        const footer = `${this.L('bundle.exportId')} ${this.exportId} · ${this.L('bundle.bundleHash')} ${contentDigest}`;
        try {
          await printer.print(
            path.join(this.folder, FILES.html),
            path.join(this.folder, FILES.pdf),
            footer,
            this.abort.signal,
          );
          this.written.push({ path: FILES.pdf, ...(await hashFile(path.join(this.folder, FILES.pdf))) });
          pdf = 'written';
        } catch (error) {
          this.check();
          pdf = 'failed';
          pdfProblem = error instanceof Error ? error.message : String(error);
        }
        progress('pdf', 1, 1);
      }
    }
    this.check();
    progress('signing', 0, 1);
    const files = [...this.written].sort(byPath);
    const fingerprint = await signer.fingerprint();
    const unsigned: Omit<Manifest, 'manifestHash'> = {
      format: BUNDLE_FORMAT,
      exportId: this.exportId,
      createdAt: new Date(this.startedAt).toISOString(),
      createdAtMs: this.startedAt,
      timeZone: this.params.timeZone,
      locale: this.params.locale,
      reviewer: {
        name: this.params.reviewer.name,
        ...(this.params.reviewer.employeeId ? { employeeId: this.params.reviewer.employeeId } : {}),
      },
      app: this.options.app,
      scope: this.params.scope,
      counts,
      corps: [...this.corps].map(([corpId, range]) => ({
        corpId,
        corpid: range.corpid,
        messages: range.messages,
        seqFrom: range.seqFrom.toString(),
        seqTo: range.seqTo.toString(),
      })),
      timeRange: { fromMs: this.fromMs, toMs: this.toMs },
      files,
      contentDigest,
      signature: {
        algorithm: 'Ed25519',
        publicKeyFingerprint: fingerprint,
        file: FILES.signature,
        signs: `the exact bytes of ${FILES.manifest}`,
      },
      canonicalForm: CANONICAL_FORM,
    };
    const manifest: Manifest = { ...unsigned, manifestHash: manifestHashOf(unsigned) };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    await writeFile(path.join(this.folder, FILES.manifest), manifestBytes, { flag: 'wx' });
    const signature = await signer.sign(manifestBytes);
    await writeFile(path.join(this.folder, FILES.signature), signature, { flag: 'wx' });
    const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    const summed = [
      ...files,
      { path: FILES.manifest, size: manifestBytes.length, sha256: sha(manifestBytes) },
      { path: FILES.signature, size: signature.length, sha256: sha(signature) },
    ].sort(byPath);
    await writeFile(path.join(this.folder, FILES.sums), sumsLines(summed), { flag: 'wx' });
    let zip: EvidenceExportDto['zip'] = 'skipped';
    let zipProblem: string | undefined;
    if (this.params.zip) {
      progress('zip', 0, 1);
      try {
        await zipBundle(
          this.folder,
          [...summed.map((file) => file.path), FILES.sums].sort(),
          this.zipFile,
          this.exportId,
          this.startedAt,
          this.abort.signal,
        );
        zip = 'written';
      } catch (error) {
        await rm(this.zipFile, { force: true });
        this.check();
        zip = 'failed';
        zipProblem = error instanceof Error ? error.message : String(error);
      }
      progress('zip', 1, 1);
    }
    progress('done', 1, 1);
    return {
      exportId: this.exportId,
      folder: this.folder,
      messages: this.rows,
      mediaFiles: counts.mediaFiles,
      mediaMissing: counts.mediaMissing,
      files: summed.length,
      manifestHash: manifest.manifestHash,
      contentDigest,
      signerFingerprint: fingerprint,
      pdf,
      ...(pdfProblem === undefined ? {} : { pdfProblem }),
      zip,
      ...(zip === 'written' ? { zipFile: this.zipFile } : {}),
      ...(zipProblem === undefined ? {} : { zipProblem }),
    };
  }

  private async writeSmall(name: string, text: string): Promise<void> {
    const data = Buffer.from(text, 'utf8');
    await writeFile(path.join(this.folder, name), data, { flag: 'wx' });
    this.written.push({
      path: name,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
  }

  /** Stops the export and removes its folder (a half-written bundle is not evidence). */
  async cancel(): Promise<void> {
    this.abort.abort();
    for (const file of [this.html, this.csv, this.jsonl, this.mediaIndex]) file?.abandon();
    await rm(this.folder, { recursive: true, force: true });
    await rm(this.zipFile, { force: true });
  }

  /** The optional .zip of the finished folder, beside it. */
  private get zipFile(): string {
    return `${this.folder}.zip`;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  mediaCounts(): { mediaFiles: number; mediaMissing: number } {
    return { mediaFiles: this.mediaFilesBySha.size, mediaMissing: this.mediaMissing };
  }
}
