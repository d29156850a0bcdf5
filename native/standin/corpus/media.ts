import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_COMPANIES, SAMPLE_PRODUCTS, formatAmount, longProse } from './content';
import type { IdFactory } from './ids';
import { probeAmr, probeImage, probeMp4DurationMs, probeSilkDurationMs } from './mediaProbe';
import type { Prng } from './prng';
import type { MediaIndexWriter } from './writer';

/**
 * Real media behind every media message (docs/wecom-sdk.md §4.3): the committed fixtures plus a few files
 * synthesised from the seed (a > 3 MB CSV so downloads take several 512 KB chunks, docs/wecom-sdk.md §5).
 * Files are stored content-addressed as `<root>/media/<sha256>.<ext>` (CORPUS-FORMAT.md).
 */

export type MediaKind = 'image' | 'emotion' | 'voice' | 'video' | 'file';

export interface MediaAsset {
  key: string;
  kind: MediaKind;
  ext: string;
  /** File name under `<root>/media/`. */
  storedName: string;
  md5: string;
  size: number;
  width?: number;
  height?: number;
  durationMs?: number;
  /** Emotion `type`: 1 = gif, 2 = png (docs/wecom-sdk.md §4.2). */
  emotionType?: 1 | 2;
  /** The file name a sender would give it (file messages, chatrecord file items). */
  displayName: string;
}

interface FixtureSpec {
  file: string;
  kind: MediaKind;
  displayName: string;
}

const FIXTURES: readonly FixtureSpec[] = [
  { file: 'image-photo.jpg', kind: 'image', displayName: '团建合影.jpg' },
  { file: 'image-product.jpg', kind: 'image', displayName: '样品A-01.jpg' },
  { file: 'image-screenshot.png', kind: 'image', displayName: '订单截图.png' },
  { file: 'emotion-smile.gif', kind: 'emotion', displayName: '表情.gif' },
  { file: 'emotion-like.png', kind: 'emotion', displayName: '赞.png' },
  { file: 'voice-cs-dtx.amr', kind: 'voice', displayName: '语音.amr' },
  { file: 'voice-sales-dtx.amr', kind: 'voice', displayName: '语音.amr' },
  { file: 'voice-short-dtx.amr', kind: 'voice', displayName: '语音.amr' },
  { file: 'voice-invoice-nodtx.amr', kind: 'voice', displayName: '语音.amr' },
  { file: 'voice-wechat.silk', kind: 'voice', displayName: '语音.amr' },
  { file: 'video-short.mp4', kind: 'video', displayName: '产品演示.mp4' },
  { file: 'video-large.mp4', kind: 'video', displayName: '门店巡检.mp4' },
  { file: 'doc-quote.docx', kind: 'file', displayName: '星河智能门锁X2合作报价单.docx' },
  { file: 'doc-statement.pdf', kind: 'file', displayName: '2024Q2对账单.pdf' },
];

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export class MediaLibrary {
  private readonly byKey = new Map<string, MediaAsset>();

  private constructor(readonly mediaDir: string) {}

  /** Copies the fixtures and the seed's synthesised files into `<root>/media` and describes them. */
  static install(root: string, prng: Prng, fixturesDir = FIXTURES_DIR): MediaLibrary {
    const library = new MediaLibrary(path.join(root, 'media'));
    mkdirSync(library.mediaDir, { recursive: true });
    for (const fixture of FIXTURES) {
      library.add(
        fixture.file,
        fixture.kind,
        fixture.displayName,
        readFileSync(path.join(fixturesDir, fixture.file)),
      );
    }
    library.add(
      'ledger-large.csv',
      'file',
      '2024年6月对账明细.csv',
      synthesizeLedgerCsv(prng.fork('ledger'), 3 * 1024 * 1024 + 4096),
    );
    library.add(
      'minutes.txt',
      'file',
      '周例会会议纪要.txt',
      Buffer.from(synthesizeMinutes(prng.fork('minutes')), 'utf8'),
    );
    return library;
  }

  get(key: string): MediaAsset {
    const asset = this.byKey.get(key);
    if (!asset) throw new Error(`unknown media asset ${key}`);
    return asset;
  }

  ofKind(kind: MediaKind): MediaAsset[] {
    return [...this.byKey.values()].filter((a) => a.kind === kind);
  }

  private add(key: string, kind: MediaKind, displayName: string, data: Buffer): void {
    const ext = path.extname(key).slice(1);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const storedName = `${sha256}.${ext}`;
    const target = path.join(this.mediaDir, storedName);
    if (!existsSync(target) || statSync(target).size !== data.length) {
      writeFileSync(`${target}.tmp`, data);
      renameSync(`${target}.tmp`, target);
    }
    const asset: MediaAsset = {
      key,
      kind,
      ext,
      storedName,
      md5: createHash('md5').update(data).digest('hex'),
      size: data.length,
      displayName,
    };
    if (kind === 'image' || kind === 'emotion') {
      const info = probeImage(data);
      asset.width = info.width;
      asset.height = info.height;
      if (kind === 'emotion') asset.emotionType = info.format === 'gif' ? 1 : 2;
    } else if (kind === 'voice') {
      asset.durationMs = ext === 'silk' ? probeSilkDurationMs(data) : probeAmr(data).durationMs;
    } else if (kind === 'video') {
      asset.durationMs = probeMp4DurationMs(data);
    }
    this.byKey.set(key, asset);
  }
}

/** A media reference as a message states it. */
export interface IssuedMedia {
  asset: MediaAsset;
  sdkfileid: string;
  /** `""` for a few items on purpose (docs/wecom-sdk.md §4.3: md5sum can be an empty string). */
  md5sum: string;
}

/** Issues a fresh sdkfileid per media reference and lists it in media.tsv. */
export class MediaIssuer {
  private readonly files = new Set<string>();

  constructor(
    private readonly ids: IdFactory,
    private readonly index: MediaIndexWriter,
    private readonly prng: Prng,
    private readonly emptyMd5Rate = 0.01,
  ) {}

  issue(asset: MediaAsset, unixSeconds: number, options: { emptyMd5?: boolean } = {}): IssuedMedia {
    const sdkfileid = this.ids.sdkfileid(asset.md5, unixSeconds);
    this.index.add(sdkfileid, asset.storedName, asset.md5, asset.size);
    this.files.add(asset.storedName);
    const emptyMd5 = options.emptyMd5 ?? this.prng.chance(this.emptyMd5Rate);
    return { asset, sdkfileid, md5sum: emptyMd5 ? '' : asset.md5 };
  }

  get distinctFiles(): number {
    return this.files.size;
  }

  get issued(): number {
    return this.index.entries;
  }
}

/** A real CSV statement (UTF-8 with BOM, as spreadsheet exports are) of at least `minBytes`. */
function synthesizeLedgerCsv(prng: Prng, minBytes: number): Buffer {
  const rows: string[] = ['\uFEFF日期,单号,客户,商品,数量,单价,金额,状态'];
  let bytes = Buffer.byteLength(rows[0] as string) + 1;
  const states = ['已付款', '待付款', '已开票', '部分退款', '已完成'];
  for (let n = 1; bytes < minBytes; n++) {
    const qty = prng.int(1, 200);
    const price = prng.pick([399, 599, 899, 1299, 1599, 2399]);
    const row = [
      `2024-06-${String(prng.int(1, 30)).padStart(2, '0')}`,
      `SO202406${String(n).padStart(6, '0')}`,
      prng.pick(SAMPLE_COMPANIES),
      prng.pick(SAMPLE_PRODUCTS),
      String(qty),
      price.toFixed(2),
      `"${formatAmount(qty * price)}"`,
      prng.pick(states),
    ].join(',');
    rows.push(row);
    bytes += Buffer.byteLength(row) + 1;
  }
  return Buffer.from(rows.join('\n') + '\n', 'utf8');
}

function synthesizeMinutes(prng: Prng): string {
  return `周例会会议纪要\n时间：2024年6月7日 16:00-17:00\n地点：3楼大会议室 / 腾讯会议\n\n${longProse(prng, 6000)}`;
}
