import { anyOf, arr, asObject, num, str, strings, toMillis } from '../fields';
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
    todo: (msgtype, p) => {
      const body = { kind: 'todo' as const, title: str(p, 'title'), content: str(p, 'content') };
      return anyOf(body.title, body.content) ? body : malformed(msgtype, p);
    },
    vote: (msgtype, p) => {
      const body = {
        kind: 'vote' as const,
        title: str(p, 'votetitle'),
        options: strings(p, 'voteitem'),
        voteType: num(p, 'votetype'),
        voteId: str(p, 'voteid'),
      };
      return anyOf(body.title, body.voteId) ? body : malformed(msgtype, p);
    },
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
    calendar: (msgtype, p) => {
      const body = {
        kind: 'calendar' as const,
        title: str(p, 'title'),
        creator: str(p, 'creatorname'),
        attendees: strings(p, 'attendeename'),
        start: toMillis(num(p, 'starttime')),
        end: toMillis(num(p, 'endtime')),
        place: str(p, 'place'),
        remarks: str(p, 'remarks'),
      };
      return anyOf(body.title, body.start) ? body : malformed(msgtype, p);
    },
    meeting: (msgtype, p) => {
      const body = {
        kind: 'meeting' as const,
        topic: str(p, 'topic'),
        start: toMillis(num(p, 'starttime')),
        end: toMillis(num(p, 'endtime')),
        address: str(p, 'address'),
        remarks: str(p, 'remarks'),
        meetingType: num(p, 'meetingtype'),
        meetingId: str(p, 'meetingid'),
        status: num(p, 'status'),
      };
      return anyOf(body.topic, body.meetingId) ? body : malformed(msgtype, p);
    },
    meeting_notification: (msgtype, p) => {
      const body = {
        kind: 'meeting_notification' as const,
        meetingId: str(p, 'meeting_id'),
        notificationType: num(p, 'notification_type'),
        content: str(p, 'content'),
      };
      return anyOf(body.content, body.meetingId) ? body : malformed(msgtype, p);
    },
    solitaire: (msgtype, p) => {
      const entries = (arr(p, 'participants') ?? []).map((entry): SolitaireEntry => {
        const d = asObject(entry);
        return { userid: str(d, 'userid'), content: str(d, 'content'), sequence: num(d, 'sequence') };
      });
      const body = {
        kind: 'solitaire' as const,
        title: str(p, 'title'),
        content: str(p, 'content'),
        entries,
      };
      return anyOf(body.title, body.content) ? body : malformed(msgtype, p);
    },
    note: (msgtype, p) => {
      const body = {
        kind: 'note' as const,
        title: str(p, 'title'),
        content: str(p, 'content'),
        url: str(p, 'link_url'),
      };
      return anyOf(body.title, body.content) ? body : malformed(msgtype, p);
    },
  },
  kinds: {
    todo: projection({
      searchFields: (body) => present(body.title, body.content),
      preview: (body) => oneLine(body.content ?? body.title ?? ''),
      quotableText: (body) => body.content ?? '',
    }),
    vote: projection({
      searchFields: (body) => present(body.title, ...body.options),
      preview: (body) => oneLine(body.title ?? ''),
    }),
    collect: projection({
      searchFields: (body) => present(body.roomName, body.title, ...body.details.map((d) => d.ques)),
      preview: (body) => oneLine(body.title ?? ''),
    }),
    calendar: projection({
      searchFields: (body) => present(body.title, body.place, body.remarks),
      preview: (body) => oneLine(body.title ?? ''),
    }),
    meeting: projection({
      searchFields: (body) => present(body.topic, body.address, body.remarks),
      preview: (body) => oneLine(body.topic ?? ''),
    }),
    meeting_notification: projection({ searchFields: (body) => present(body.content) }),
    solitaire: projection({
      searchFields: (body) =>
        present(body.title, body.content, ...body.entries.map((entry) => entry.content)),
      preview: (body) => oneLine(body.title ?? body.content ?? ''),
      quotableText: (body) => body.content ?? body.title ?? '',
    }),
    note: projection({
      searchFields: (body) => present(body.title, body.content),
      preview: (body) => oneLine(body.title ?? body.content ?? ''),
      quotableText: (body) => body.title ?? '',
    }),
  },
};
