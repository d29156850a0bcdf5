import { mix64, salt64, type Prng } from './prng';

/**
 * Identifier forms seen in real archives (docs/wecom-sdk.md §3.1, §3.3, §4.1):
 * - msgid `<digits>_<unix-seconds>` with optional `_external` / `_updown_stream` suffix,
 * - msgid as base64 of a small protobuf (`CAQQ…=`: field 1 = 4, field 2 = unix seconds, field 3 = a corp
 *   constant, field 4 = a 64-bit value; the official `CAQQluDa4QUY0On2…` decodes exactly this way),
 * - switch-record msgids of 21 digits,
 * - sdkfileids: base64 protobuf {1: hex CDN key containing the md5, 2: base64 "47_<corp>_<n>_<unix>", 3: 32-hex token},
 * - external ids `wm…`/`wo…`, robots `wb…`, groups `wr…`: 32 characters.
 * Uniqueness comes from a counter passed through a 64-bit bijection (mix64), not from a set of issued ids.
 */
export type MsgidSuffix = '' | '_external' | '_updown_stream';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_ALPHABET_WITH_MARKS = ID_ALPHABET + '_-';

export class IdFactory {
  private counter = 0n;
  private readonly salt: bigint;
  /** The "47_1688851030324432" style corp number inside protobuf ids. */
  private readonly corpNumber: bigint;
  /** Six characters shared by every external/group id of this corp, like `GAgeDQ` in `wmGAgeDQAA…`. */
  readonly corpTag: string;

  constructor(
    corpid: string,
    private readonly prng: Prng,
  ) {
    this.salt = salt64(`ids:${corpid}`);
    this.corpNumber = 1688850000000000n + (this.salt % 999_999n);
    this.corpTag = prng.chars(ID_ALPHABET, 6);
  }

  private nextUnique(): bigint {
    return mix64(this.salt + this.counter++);
  }

  digitsMsgid(unixSeconds: number, suffix: MsgidSuffix = ''): string {
    return `${this.nextUnique()}_${unixSeconds}${suffix}`;
  }

  protobufMsgid(unixSeconds: number): string {
    const bytes = [
      0x08,
      0x04,
      0x10,
      ...varint(BigInt(unixSeconds)),
      0x18,
      ...varint(this.corpNumber),
      0x20,
      ...varint(this.nextUnique()),
    ];
    return Buffer.from(bytes).toString('base64');
  }

  switchMsgid(): string {
    return `1${this.nextUnique().toString().padStart(20, '0')}`;
  }

  sdkfileid(md5: string, unixSeconds: number): string {
    const unique = this.nextUnique();
    const cdnKey = `3069020102046230600201000204${unique.toString(16).padStart(16, '0')}02030f59b10204${md5 || '0'.repeat(32)}0201020201000400`;
    const ref = Buffer.from(`47_${this.corpNumber}_${unique % 10_000_000_000n}_${unixSeconds}`).toString(
      'base64',
    );
    const token = this.prng.chars('0123456789abcdef', 32);
    return Buffer.concat([field(1, cdnKey), field(2, ref), field(3, token)]).toString('base64');
  }

  /** `wm`/`wo` external contact, `wb` robot, `wr` group: prefix + corp tag + "AA" + 22 characters = 32. */
  openId(prefix: 'wm' | 'wo' | 'wb' | 'wr'): string {
    return `${prefix}${this.corpTag}AA${this.prng.chars(ID_ALPHABET_WITH_MARKS, 22)}`;
  }

  /** WeChat unionid form, e.g. `ozynqsulJFCZ2z1aYeS8h-nuasdAAA`. */
  unionid(): string {
    return `o${this.prng.chars(ID_ALPHABET_WITH_MARKS, 26)}AAA`;
  }

  hex(length: number): string {
    return this.prng.chars('0123456789abcdef', length);
  }
}

function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80n) {
    out.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function field(fieldNumber: number, text: string): Buffer {
  const data = Buffer.from(text, 'latin1');
  return Buffer.concat([Buffer.from([(fieldNumber << 3) | 2, ...varint(BigInt(data.length))]), data]);
}
