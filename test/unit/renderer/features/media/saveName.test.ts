import { describe, expect, it } from 'vitest';
import {
  extensionFor,
  fileTimestamp,
  mediaSaveName,
  originBaseName,
} from '../../../../../renderer/features/media/saveName';

const origin = { chat: '项目群', sender: '张三', msgtime: Date.UTC(2024, 0, 5, 1, 30, 12) };

describe('names of saved media', () => {
  it('names images, voice and video after chat, sender and time, never after the sdkfileid', () => {
    expect(mediaSaveName({ kind: 'image' }, origin, { mime: 'image/png', timeZone: 'Asia/Shanghai' })).toBe(
      '项目群-张三-20240105-093012.png',
    );
    expect(mediaSaveName({ kind: 'voice' }, origin, { mime: 'audio/silk', timeZone: 'UTC' })).toBe(
      '项目群-张三-20240105-013012.silk',
    );
    expect(mediaSaveName({ kind: 'voice' }, origin, { extension: 'wav', timeZone: 'UTC' })).toBe(
      '项目群-张三-20240105-013012.wav',
    );
    expect(mediaSaveName({ kind: 'video' }, origin, { timeZone: 'UTC' })).toBe(
      '项目群-张三-20240105-013012.mp4',
    );
  });

  it('keeps a file its own name, and names an unnamed one after where it came from', () => {
    expect(mediaSaveName({ kind: 'file', fileName: '报价单.docx' }, origin)).toBe('报价单.docx');
    expect(mediaSaveName({ kind: 'file', fileName: '  ' }, origin, { timeZone: 'UTC' })).toBe(
      '项目群-张三-20240105-013012.bin',
    );
  });

  it('keeps separators and controls from chat and sender names out of the name', () => {
    expect(originBaseName({ chat: 'a/b\\c\u202Ed', sender: 'x:y\n z', msgtime: null })).toBe('a_b_cd-x_y z');
    expect(originBaseName({ chat: '', sender: '', msgtime: null })).toBe('media');
    expect(Array.from(originBaseName({ chat: '很'.repeat(100), sender: 's', msgtime: null }))).toHaveLength(
      42,
    );
  });

  it('takes the extension from the sniffed type, else the kind', () => {
    expect(extensionFor('image', 'image/gif')).toBe('gif');
    expect(extensionFor('image', 'application/octet-stream')).toBe('jpg');
    expect(extensionFor('voice', undefined)).toBe('amr');
    expect(fileTimestamp(Date.UTC(2024, 11, 31, 23, 59, 59), 'UTC')).toBe('20241231-235959');
  });
});
