import { constants, createCipheriv, createPrivateKey, privateDecrypt, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { loadFinanceSdk } from '../../../native/bindings/financeSdk';
import { mediaRefsOf, readMessage } from '../../../main/common/message';
import { conversationId } from '../../../renderer/db/convId';
import { indexedTextOf } from '../../../renderer/search/extractText';
import { normalizeText } from '../../../renderer/search/normalize';

/**
 * One worker of bench:ingest's peer (peer.ts): the plain script a company would write, in a thread of
 * its own — GetChatData through the SDK (koffi), RSA PKCS#1 v1.5 with node:crypto, DecryptData, and one
 * SQLite transaction per page with the cursor. With `duties` it also does what the app must do for every
 * message: seal it at rest (AES-256-GCM, docs/security.md §8), index its header columns, put its text in
 * a full-text index, keep a summary per chat and a row per media item.
 */
export interface PeerWorkerData {
  library: string;
  corpid: string;
  secret: string;
  keys: Record<number, string>;
  /** The exclusive cursors of this worker's pages (the stand-in's seqs are 1…N, 1,000 per page). */
  cursors: string[];
  file: string;
  duties: boolean;
}

interface Statement {
  run(...params: unknown[]): unknown;
}
interface Database {
  pragma(sql: string): unknown;
  prepare(sql: string): Statement;
  transaction<T extends unknown[]>(fn: (...args: T) => void): (...args: T) => void;
  close(): void;
}

interface Envelope {
  seq: number | string;
  msgid: string;
  publickey_ver: number;
  encrypt_random_key: string;
  encrypt_chat_msg: string;
}

const data = workerData as PeerWorkerData;
const require = createRequire(import.meta.url);
const Sqlite = require('better-sqlite3') as new (file: string) => Database;
const db = new Sqlite(data.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 60000');

const keys = new Map(
  Object.entries(data.keys).map(([version, pem]) => [Number(version), createPrivateKey(pem)]),
);
const dataKey = randomBytes(32);
const sdk = loadFinanceSdk(data.library);
const handle = sdk.createHandle(data.corpid, data.secret);

const insertPlain = data.duties
  ? null
  : db.prepare('INSERT OR REPLACE INTO messages (seq, msgid, publickey_ver, raw) VALUES (?, ?, ?, ?)');
/** The statements of the app's duties, prepared only against their schema (peer.ts createSchema). */
const duties = data.duties
  ? {
      insertSealed: db.prepare(
        `INSERT OR REPLACE INTO messages (seq, msgid, publickey_ver, sealed, msgtype, sender, conv_id, msgtime)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertText: db.prepare('INSERT INTO texts (rowid, text) VALUES (?, ?)'),
      upsertChat: db.prepare(
        `INSERT INTO chats (conv_id, count, first_msgtime, last_msgtime, last_msgid) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (conv_id) DO UPDATE SET count = count + excluded.count,
           first_msgtime = min(first_msgtime, excluded.first_msgtime),
           last_msgtime = max(last_msgtime, excluded.last_msgtime), last_msgid = excluded.last_msgid`,
      ),
      insertMedia: db.prepare(
        "INSERT OR IGNORE INTO media (sdkfileid, msgid, kind, state) VALUES (?, ?, ?, 'pending')",
      ),
    }
  : null;
const moveCursor = db.prepare('UPDATE cursor SET seq = max(seq, ?) WHERE id = 1');

interface Decrypted {
  seq: number;
  msgid: string;
  ver: number;
  raw: string;
}

interface Chat {
  count: number;
  first: number;
  last: number;
  lastMsgid: string;
}

function seal(raw: string, msgid: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(msgid));
  const body = Buffer.concat([cipher.update(raw, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

const storePage = db.transaction((page: Decrypted[], cursor: number) => {
  const chats = new Map<string, Chat>();
  for (const message of page) {
    if (!duties) {
      insertPlain?.run(message.seq, message.msgid, message.ver, message.raw);
      continue;
    }
    const model = readMessage(message.raw);
    const convId = conversationId(model);
    duties.insertSealed.run(
      message.seq,
      message.msgid,
      message.ver,
      seal(message.raw, message.msgid),
      model.msgtype,
      model.from,
      convId,
      model.msgtime,
    );
    duties.insertText.run(message.seq, normalizeText(indexedTextOf(message.raw).text));
    for (const ref of mediaRefsOf(model)) duties.insertMedia.run(ref.sdkfileid, message.msgid, ref.kind);
    const chat = chats.get(convId) ?? { count: 0, first: Infinity, last: 0, lastMsgid: '' };
    chat.count += 1;
    if (model.msgtime > 0) chat.first = Math.min(chat.first, model.msgtime);
    if (model.msgtime >= chat.last) {
      chat.last = model.msgtime;
      chat.lastMsgid = message.msgid;
    }
    chats.set(convId, chat);
  }
  for (const [convId, chat] of chats)
    duties?.upsertChat.run(
      convId,
      chat.count,
      Number.isFinite(chat.first) ? chat.first : 0,
      chat.last,
      chat.lastMsgid,
    );
  moveCursor.run(cursor);
});

let stored = 0;
for (const cursor of data.cursors) {
  const text = await sdk.getChatData(handle, {
    seq: BigInt(cursor),
    limit: 1000,
    proxy: '',
    passwd: '',
    timeout: 10,
  });
  const envelopes =
    (JSON.parse(text.replace(/"seq":(\d+)/g, '"seq":"$1"')) as { chatdata?: Envelope[] }).chatdata ?? [];
  const page: Decrypted[] = [];
  for (const envelope of envelopes) {
    const key = keys.get(envelope.publickey_ver);
    if (!key) throw new Error(`no key for version ${envelope.publickey_ver}`);
    const randomKey = privateDecrypt(
      { key, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(envelope.encrypt_random_key, 'base64'),
    ).toString('utf8');
    const outcome = sdk.decryptData(randomKey, envelope.encrypt_chat_msg);
    if (!outcome.ok) throw new Error(`DecryptData answered ${outcome.sdkCode}`);
    page.push({
      seq: Number(envelope.seq),
      msgid: envelope.msgid,
      ver: envelope.publickey_ver,
      raw: outcome.plaintext,
    });
  }
  const last = page.at(-1);
  if (last) storePage(page, last.seq);
  stored += page.length;
}
sdk.destroyHandle(handle);
db.close();
parentPort?.postMessage(stored);
