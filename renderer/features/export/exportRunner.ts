import type {
  ArchiveApi,
  EvidenceExportDto,
  EvidenceMarks,
  EvidenceMessageDto,
  EvidenceScope,
  Result,
} from '../../../main/contract';
import type { AuditEntry, JsonValue } from '../../../main/common/audit/auditChain';
import type { ArchiveDb, MessageRow } from '../../db';
import type { AuditTrail } from '../audit';
import { buildDirectory, directoryRows, type Directory } from '../reading';
import { exportPages, PAGE_SIZE, type ExportTarget } from './exportSources';

/** Reads the reviewers' marks of a page of messages (features/review and cases), keyed `corpId\0msgid`. */
export type MarksReader = (
  keys: ReadonlyArray<{ corpId: string; msgid: string }>,
) => Promise<Map<string, EvidenceMarks>>;

export interface ExportRequest {
  scope: EvidenceScope;
  target: ExportTarget;
  includePdf: boolean;
  fetchMissingMedia: boolean;
  /** Also write the bundle as one .zip beside its folder. */
  zip?: boolean;
  parentDir?: string;
}

export interface ExportDeps {
  db: ArchiveDb;
  archive: Pick<ArchiveApi, 'evidenceBegin' | 'evidenceAppend' | 'evidenceFinish' | 'evidenceCancel'>;
  auditTrail: Pick<AuditTrail, 'append' | 'flushed'>;
  reviewer: { name: string; employeeId?: string } | null;
  marks: MarksReader;
  labels: Record<string, string>;
  locale: 'zh-CN' | 'en';
  timeZone: string;
  /** The WeCom corpid of a configured corp id. */
  corpidOf(corpId: string): string;
  /** A chat's title as the reader shows it. */
  conversationLabel(corpId: string, convId: string, directory: Directory): Promise<string>;
}

export interface ExportProgress {
  done: number;
  total: number;
}

export class ExportFailed extends Error {
  constructor(readonly error: { code: string; message: string }) {
    super(error.message);
    this.name = 'ExportFailed';
  }
}

export class ExportAborted extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ExportAborted';
  }
}

/**
 * Messages per call to main. Each call is one JSON string on the renderer's heap; kept under V8's
 * large-object size (~128 KB; a message is ~1 KB as a two-byte string), so it dies young instead of
 * piling up as old-generation garbage until a long full collection (docs/evidence.md §7).
 */
const FRAME_MESSAGES = 100;
/** Calls sent to main and not answered yet, at most. */
const IN_FLIGHT = 10;

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ExportFailed(result.error);
  return result.value;
}

/**
 * Runs one evidence export (issue 13): main opens the bundle; the messages go to main one page at a
 * time, in calls of FRAME_MESSAGES (at most IN_FLIGHT unanswered, so memory stays flat); then the audit entries
 * about the exported items and the export's own entry; main finishes, hashes and signs. Cancelling
 * (the signal) stops between pages and has main remove the unfinished folder.
 */
export async function runExport(
  request: ExportRequest,
  deps: ExportDeps,
  options: { signal: AbortSignal; onProgress(progress: ExportProgress): void; total: number },
): Promise<EvidenceExportDto> {
  const begun = unwrap(
    await deps.archive.evidenceBegin({
      scope: request.scope,
      locale: deps.locale,
      timeZone: deps.timeZone,
      reviewer: deps.reviewer ?? { name: '' },
      labels: deps.labels,
      includePdf: request.includePdf,
      fetchMissingMedia: request.fetchMissingMedia,
      ...(request.zip ? { zip: true } : {}),
      expectedMessages: options.total,
      ...(request.parentDir ? { parentDir: request.parentDir } : {}),
    }),
  );
  const { exportId } = begun;
  const cancel = async () => {
    await deps.archive.evidenceCancel({ exportId }).catch(() => undefined);
  };
  // Cancel reaches main at once, also while it prints the PDF or hashes.
  const onAbort = () => void cancel();
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const directories = new Map<string, Directory>();
    const labels = new Map<string, string>();
    const convIds = new Set<string>();
    const msgids = new Set<string>();
    let done = 0;
    // Up to IN_FLIGHT calls on their way to main while the next page is read from IndexedDB: main
    // always has the next one at hand when it finishes one, reading and writing overlap, and at most
    // IN_FLIGHT calls and one page are held at once.
    const inFlight: Array<Promise<void>> = [];
    for await (const page of exportPages(deps.db, request.target, request.scope.contextMessages)) {
      if (options.signal.aborted) throw new ExportAborted();
      const marks = await deps.marks(page.map(({ row }) => ({ corpId: row.corpId, msgid: row.msgid })));
      const names: Record<string, string> = {};
      const messages: EvidenceMessageDto[] = [];
      for (const { row, context } of page) {
        let directory = directories.get(row.corpId);
        if (!directory) {
          directory = buildDirectory(await directoryRows(deps.db, row.corpId));
          directories.set(row.corpId, directory);
        }
        for (const id of idsOf(row)) if (directory.isResolved(id)) names[id] = directory.nameOf(id);
        let convLabel: string | undefined;
        if (row.convId !== undefined) {
          const convKey = `${row.corpId}\u0000${row.convId}`;
          convIds.add(convKey);
          convLabel = labels.get(convKey);
          if (convLabel === undefined) {
            convLabel = await deps.conversationLabel(row.corpId, row.convId, directory);
            labels.set(convKey, convLabel);
          }
        }
        msgids.add(`${row.corpId}\u0000${row.msgid}`);
        messages.push(
          toDto(
            row,
            context,
            deps.corpidOf(row.corpId),
            convLabel,
            marks.get(`${row.corpId}\u0000${row.msgid}`),
          ),
        );
      }
      for (let start = 0; start < messages.length; start += FRAME_MESSAGES) {
        while (inFlight.length >= IN_FLIGHT) await inFlight.shift();
        if (options.signal.aborted) throw new ExportAborted();
        const frame = messages.slice(start, start + FRAME_MESSAGES);
        const asked = frame.filter((message) => !message.context).length;
        const sending: Promise<void> = deps.archive
          .evidenceAppend({ exportId, messages: frame, names })
          .then((answer) => {
            unwrap(answer);
            done += asked;
            options.onProgress({ done, total: options.total });
          });
        sending.catch(() => undefined); // awaited before a later frame is sent, or below
        inFlight.push(sending);
      }
      // The next page is read only when its calls can all go at once: its rows and messages are then
      // dropped as soon as they are sent, instead of waiting for room long enough to be kept as old.
      while (inFlight.length > IN_FLIGHT - Math.ceil(PAGE_SIZE / FRAME_MESSAGES)) await inFlight.shift();
    }
    for (const sending of inFlight) await sending;
    if (options.signal.aborted) throw new ExportAborted();
    const audit = await auditEntriesAbout(deps.db, convIds, msgids, request.scope);
    const own = await deps.auditTrail.append(
      'evidence.exported',
      { exportId, scope: request.scope.kind },
      {
        after: {
          title: request.scope.title,
          parameters: request.scope.parameters as { [key: string]: JsonValue },
          messages: msgids.size,
        },
      },
    );
    if (!own)
      throw new ExportFailed({
        code: 'internal',
        message: 'The export could not be recorded in the audit trail.',
      });
    audit.push(own);
    return unwrap(
      await deps.archive.evidenceFinish({
        exportId,
        audit: audit as unknown as Array<AuditEntry & Record<string, unknown>>,
      }),
    );
  } catch (error) {
    await cancel();
    if (options.signal.aborted) throw new ExportAborted();
    throw error;
  } finally {
    options.signal.removeEventListener('abort', onAbort);
  }
}

function idsOf(row: MessageRow): string[] {
  const ids = row.from ? [row.from] : [];
  if (row.tolist) ids.push(...row.tolist);
  if (row.roomid) ids.push(row.roomid);
  return ids;
}

function toDto(
  row: MessageRow,
  context: boolean,
  corpid: string,
  convLabel: string | undefined,
  marks: EvidenceMarks | undefined,
): EvidenceMessageDto {
  return {
    corpId: row.corpId,
    corpid,
    msgid: row.msgid,
    seq: row.seq,
    publickeyVer: row.publickeyVer,
    status: row.status,
    context,
    ...(row.raw === undefined ? {} : { raw: row.raw }),
    ...(row.rawBase64 === undefined ? {} : { rawBase64: row.rawBase64 }),
    ...(row.envelope === undefined ? {} : { envelope: row.envelope }),
    ...(row.convId === undefined ? {} : { convId: row.convId }),
    ...(convLabel === undefined ? {} : { convLabel }),
    ...(marks === undefined ? {} : { marks }),
  };
}

/** The trail entries whose target names an exported chat or message, or the exported case (oldest first). */
async function auditEntriesAbout(
  db: ArchiveDb,
  convIds: ReadonlySet<string>,
  msgids: ReadonlySet<string>,
  scope: EvidenceScope,
): Promise<AuditEntry[]> {
  const caseId = scope.kind === 'case' ? scope.parameters.caseId : undefined;
  return db
    .table<AuditEntry, number>('auditTrail')
    .orderBy('seq')
    .filter((entry) => {
      const target = entry.target as Record<string, unknown>;
      const corpId = typeof target.corpId === 'string' ? target.corpId : '';
      if (typeof target.convId === 'string' && convIds.has(`${corpId}\u0000${target.convId}`)) return true;
      if (typeof target.msgid === 'string' && msgids.has(`${corpId}\u0000${target.msgid}`)) return true;
      if (Array.isArray(target.msgids))
        return target.msgids.some(
          (msgid) => typeof msgid === 'string' && msgids.has(`${corpId}\u0000${msgid}`),
        );
      return caseId !== undefined && target.caseId === caseId;
    })
    .toArray();
}
