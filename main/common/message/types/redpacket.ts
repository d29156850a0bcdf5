import { anyOf, num, str } from '../fields';
import { malformed, present, projection, type TypeModule } from '../module';

/**
 * redpacket and external_redpacket (互通红包; payload key `redpacket`), docs/wecom-sdk.md §4.2:
 * `type` 1 普通 / 2 拼手气 / 3 激励, `totalamount` in fen.
 */
export const redpacketModule: TypeModule<'redpacket'> = {
  parsers: {
    redpacket: parseRedpacket,
    external_redpacket: parseRedpacket,
  },
  kinds: {
    redpacket: projection({ searchFields: (body) => present(body.wish) }),
  },
};

function parseRedpacket(msgtype: string, p: Record<string, unknown>) {
  const body = {
    kind: 'redpacket' as const,
    external: msgtype === 'external_redpacket',
    packetType: num(p, 'type'),
    wish: str(p, 'wish'),
    totalCount: num(p, 'totalcnt'),
    totalAmount: num(p, 'totalamount'),
  };
  return anyOf(body.wish, body.totalAmount, body.totalCount) ? body : malformed(msgtype, p);
}
