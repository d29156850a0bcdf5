import { readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  AgreeInfo,
  ApiJson,
  CorpApiData,
  ExternalGroupInfo,
  InternalGroupInfo,
  RobotInfo,
} from '../corpus/apiJson';

/** What the emulator knows about one corp: credentials and flags from corps.tsv, the rest from api.json. */
export interface EmulatedCorp {
  corpid: string;
  secretSha256: string;
  contactSecretSha256: string | null;
  whitelisted: boolean;
  msgaudit: boolean;
  expired: boolean;
  internalGroups: Map<string, InternalGroupInfo>;
  externalGroups: Map<string, ExternalGroupInfo>;
  robots: Map<string, RobotInfo>;
  users: Set<string>;
  externalContacts: Set<string>;
  /** The same contacts with their profile, for externalcontact/get. */
  externalContactInfo: Map<string, CorpApiData['externalContacts'][number]>;
  permitUsers: CorpApiData['permitUsers'];
  singleAgree: Map<string, AgreeInfo>;
  roomAgree: Map<string, Array<Omit<AgreeInfo, 'userid'>>>;
}

export function agreeKey(userid: string, external: string): string {
  return `${userid}\u0000${external}`;
}

/** Reads `<root>/corps.tsv` and `<root>/api.json` (CORPUS-FORMAT.md). */
export function loadEmulatorData(root: string): Map<string, EmulatedCorp> {
  const api = JSON.parse(readFileSync(path.join(root, 'api.json'), 'utf8')) as ApiJson;
  const corps = new Map<string, EmulatedCorp>();
  for (const line of readFileSync(path.join(root, 'corps.tsv'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [corpid, secretSha256, flagText = '-'] = line.replace(/\r$/, '').split('\t');
    if (!corpid || !secretSha256) continue;
    const flags = parseFlags(flagText);
    const data = api.corps[corpid];
    corps.set(corpid, {
      corpid,
      secretSha256,
      contactSecretSha256: data?.contactSecretSha256 ?? null,
      whitelisted: flags.get('whitelisted') !== '0',
      msgaudit: flags.get('msgaudit') !== '0',
      expired: flags.get('expired') === '1',
      internalGroups: new Map((data?.internalGroups ?? []).map((g) => [g.roomid, g])),
      externalGroups: new Map((data?.externalGroups ?? []).map((g) => [g.chat_id, g])),
      robots: new Map((data?.robots ?? []).map((r) => [r.robot_id, r])),
      users: new Set((data?.users ?? []).map((u) => u.userid)),
      externalContacts: new Set((data?.externalContacts ?? []).map((c) => c.external_userid)),
      externalContactInfo: new Map((data?.externalContacts ?? []).map((c) => [c.external_userid, c])),
      permitUsers: data?.permitUsers ?? [],
      singleAgree: new Map((data?.singleAgree ?? []).map((a) => [agreeKey(a.userid, a.exteranalopenid), a])),
      roomAgree: new Map(Object.entries(data?.roomAgree ?? {})),
    });
  }
  return corps;
}

function parseFlags(text: string): Map<string, string> {
  const flags = new Map<string, string>();
  if (text === '-') return flags;
  for (const item of text.split(',')) {
    const [key, value] = item.split('=');
    if (key && value !== undefined) flags.set(key.trim(), value.trim());
  }
  return flags;
}
