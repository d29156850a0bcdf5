import { anyOf, arr, asObject, num, str } from '../fields';
import { millisAt, numberAt, recordParser, stringsAt, textFields } from '../fieldTable';
import type { SolitaireEntry } from '../model';
import { malformed, oneLine, present, projection, type TypeModule } from '../module';

/**
 * Work items (docs/wecom-sdk.md §4.2): todo, vote (fields at the top level or under `vote`), collect
 * (a form), calendar, meeting, meeting_notification (payload under `info`), and the two newest
 * types, solitaire (接龙) and note (笔记), whose structure is undocumented (docs/wecom-sdk.md §4.1): read defensively
 * under the guessed keys, `title` and `content`.
 */
export const officeModule: TypeModule<
  'todo' | 'vote' | 'collect' | 'calendar' | 'meeting' | 'meeting_notification' | 'solitaire' | 'note'
> = {
  parsers: {
    todo: recordParser('todo', ['title', 'content'], { title: 'title', content: 'content' }),
    vote: recordParser('vote', ['title', 'voteId'], {
      title: 'votetitle',
      options: stringsAt('voteitem'),
      voteType: numberAt('votetype'),
      voteId: 'voteid',
    }),
    collect: (msgtype, p) => {
      const details = (arr(p, 'details') ?? []).map((entry) => {
        const d = asObject(entry);
        return { id: num(d, 'id'), ques: str(d, 'ques'), type: str(d, 'type') };
      });
      const body = {
        kind: 'collect' as const,
        roomName: str(p, 'room_name'),
        creator: str(p, 'creator'),
        createTime: str(p, 'create_time'),
        title: str(p, 'title'),
        details,
      };
      return anyOf(body.title, arr(p, 'details')) ? body : malformed(msgtype, p);
    },
    calendar: recordParser('calendar', ['title', 'start'], {
      title: 'title',
      creator: 'creatorname',
      attendees: stringsAt('attendeename'),
      start: millisAt('starttime'),
      end: millisAt('endtime'),
      place: 'place',
      remarks: 'remarks',
    }),
    meeting: recordParser('meeting', ['topic', 'meetingId'], {
      topic: 'topic',
      start: millisAt('starttime'),
      end: millisAt('endtime'),
      address: 'address',
      remarks: 'remarks',
      meetingType: numberAt('meetingtype'),
      meetingId: 'meetingid',
      status: numberAt('status'),
    }),
    meeting_notification: recordParser('meeting_notification', ['content', 'meetingId'], {
      meetingId: 'meeting_id',
      notificationType: numberAt('notification_type'),
      content: 'content',
    }),
    solitaire: recordParser('solitaire', ['title', 'content'], {
      title: 'title',
      content: 'content',
      entries: (p) =>
        (arr(p, 'participants') ?? []).map((entry): SolitaireEntry => {
          const d = asObject(entry);
          return { userid: str(d, 'userid'), content: str(d, 'content'), sequence: num(d, 'sequence') };
        }),
    }),
    note: recordParser('note', ['title', 'content'], { title: 'title', content: 'content', url: 'link_url' }),
  },
  kinds: {
    todo: textFields({ search: ['title', 'content'], preview: ['content', 'title'], quote: ['content'] }),
    vote: projection({
      searchFields: (body) => present(body.title, ...body.options),
      preview: (body) => oneLine(body.title ?? ''),
    }),
    collect: projection({
      searchFields: (body) => present(body.roomName, body.title, ...body.details.map((d) => d.ques)),
      preview: (body) => oneLine(body.title ?? ''),
    }),
    calendar: textFields({ search: ['title', 'place', 'remarks'], preview: ['title'] }),
    meeting: textFields({ search: ['topic', 'address', 'remarks'], preview: ['topic'] }),
    meeting_notification: textFields({ search: ['content'] }),
    solitaire: projection({
      searchFields: (body) =>
        present(body.title, body.content, ...body.entries.map((entry) => entry.content)),
      preview: (body) => oneLine(body.title ?? body.content ?? ''),
      quotableText: (body) => body.content ?? body.title ?? '',
    }),
    note: textFields({ search: ['title', 'content'], preview: ['title', 'content'], quote: ['title'] }),
  },
};
