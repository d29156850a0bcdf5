import { num, str } from '../fields';
import { numberAt, recordParser } from '../fieldTable';
import { malformed, projection, type TypeModule } from '../module';

/**
 * System lines (docs/wecom-sdk.md §4.2): revoke (action `recall`), agree / disagree (consent to
 * archiving, `*_time` in ms), the switch record (a different shape: `time` and `user`, read by
 * readMessage itself) and voiptext (call metadata).
 */
export const systemModule: TypeModule<'revoke' | 'agree' | 'disagree' | 'switch' | 'voiptext'> = {
  parsers: {
    revoke: (msgtype, p) => {
      const preMsgid = str(p, 'pre_msgid');
      return preMsgid ? { kind: 'revoke', preMsgid } : malformed(msgtype, p);
    },
    agree: (_msgtype, p) => ({ kind: 'agree', userid: str(p, 'userid'), time: num(p, 'agree_time') }),
    disagree: (_msgtype, p) => ({
      kind: 'disagree',
      userid: str(p, 'userid'),
      time: num(p, 'disagree_time'),
    }),
    voiptext: recordParser('voiptext', ['durationSec', 'inviteType'], {
      durationSec: numberAt('callduration'),
      inviteType: numberAt('invitetype'),
    }),
  },
  kinds: {
    revoke: projection({ searchFields: () => [] }),
    agree: projection({ searchFields: () => [] }),
    disagree: projection({ searchFields: () => [] }),
    switch: projection({ searchFields: () => [] }),
    voiptext: projection({ searchFields: () => [] }),
  },
};
