import { describe, expect, it } from 'vitest';
import { matchCandidates, nameCandidates } from '../../../../../renderer/features/search/nameCandidates';
import { buildDirectory } from '../../../../../renderer/features/reading';
import type { ConversationRow } from '../../../../../renderer/features/reading';

function conversation(convId: string, over: Partial<ConversationRow>): ConversationRow {
  return {
    corpId: 'c1',
    convId,
    kind: 'group',
    roomid: null,
    count: 1,
    firstMsgtime: 1,
    lastMsgtime: 1,
    lastMsgid: 'm',
    lastFrom: '',
    lastMsgtype: 'text',
    lastText: '',
    participants: [],
    senders: {},
    flags: { external: false, robot: false, externalMsgid: false, updownStream: false },
    recalls: {},
    ...over,
  } as ConversationRow;
}

describe('name candidates for the person and chat filters', () => {
  const directory = buildDirectory([
    { corpId: 'c1', kind: 'person', id: 'zhangwei', name: '张伟', resolvedAt: 1, error: null },
    { corpId: 'c1', kind: 'person', id: 'wmExt01', name: 'Ｌｉｓａ Chen', resolvedAt: 1, error: null },
    {
      corpId: 'c1',
      kind: 'group',
      id: 'wrGroup1',
      name: '项目协调群',
      resolvedAt: 1,
      error: null,
      group: { roomid: 'wrGroup1', name: '项目协调群' } as never,
    },
  ]);
  const conversations = [
    conversation('g:wrGroup1', {
      roomid: 'wrGroup1',
      lastMsgtime: 5,
      participants: ['lina', 'wmExt01', 'zhangwei'],
      senders: { zhangwei: 3, wmExt01: 7 },
    }),
    conversation('s:lina|zhangwei', {
      lastMsgtime: 9,
      participants: ['lina', 'zhangwei'],
      senders: { lina: 1 },
    }),
  ];
  const { people, chats } = nameCandidates('c1', conversations, directory);

  it('names people like the chat list (directory name, else the id) and orders them by messages sent', () => {
    expect(people.map((p) => [p.id, p.label, p.detail])).toEqual([
      ['wmExt01', 'Ｌｉｓａ Chen', 'wmExt01'],
      ['zhangwei', '张伟', 'zhangwei'],
      ['lina', 'lina', ''],
    ]);
    expect(chats.map((c) => [c.id, c.label])).toEqual([
      ['s:lina|zhangwei', 'lina ↔ 张伟'],
      ['g:wrGroup1', '项目协调群'],
    ]);
  });

  it('matches what is typed in the name or the id, folded like search, prefixes first, picked ones left out', () => {
    expect(matchCandidates(people, '张').map((p) => p.id)).toEqual(['zhangwei']);
    expect(matchCandidates(people, 'ZHANG').map((p) => p.id)).toEqual(['zhangwei']);
    expect(matchCandidates(people, 'lisa').map((p) => p.id)).toEqual(['wmExt01']);
    expect(matchCandidates(people, 'chen').map((p) => p.id)).toEqual(['wmExt01']);
    // "li" starts "lina" and occurs inside "lisa chen" (also a prefix): both, prefixes in list order.
    expect(matchCandidates(people, 'li').map((p) => p.id)).toEqual(['wmExt01', 'lina']);
    // No prefix match: the list's own order (most messages sent first).
    expect(matchCandidates(people, 'n').map((p) => p.id)).toEqual(['wmExt01', 'zhangwei', 'lina']);
    expect(matchCandidates(people, 'a').map((p) => p.id)).toEqual(['wmExt01', 'zhangwei', 'lina']);
    expect(
      matchCandidates(people, 'li', [{ corpId: 'c1', id: 'lina', label: 'lina' }]).map((p) => p.id),
    ).toEqual(['wmExt01']);
    expect(matchCandidates(chats, '协调').map((c) => c.id)).toEqual(['g:wrGroup1']);
    expect(matchCandidates(people, 'nobody')).toEqual([]);
  });
});
