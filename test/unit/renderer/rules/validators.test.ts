import { describe, expect, it } from 'vitest';
import {
  hostInDomains,
  isBankCard,
  isEmail,
  isMainlandMobile,
  isResidentId,
  luhnValid,
  scanPattern,
  urlHost,
} from '../../../../renderer/rules/validators';
import { normalizeText } from '../../../../renderer/search/normalize';

const NOW = Date.UTC(2026, 0, 1);
const scan = (kind: Parameters<typeof scanPattern>[0], text: string, domains: string[] = []) =>
  scanPattern(kind, normalizeText(text), domains, NOW).map((m) => m.value);

describe('mainland mobile numbers', () => {
  it('accepts issued prefixes and rejects near misses', () => {
    for (const valid of [
      '13812345678',
      '14712345678',
      '15012345678',
      '16612345678',
      '17012345678',
      '18912345678',
      '19912345678',
    ])
      expect(isMainlandMobile(valid), valid).toBe(true);
    // 12x is no network; 10 and 12 digits; 154 and 194 were never issued.
    for (const miss of [
      '12812345678',
      '1381234567',
      '138123456789',
      '15412345678',
      '19412345678',
      '23812345678',
    ])
      expect(isMainlandMobile(miss), miss).toBe(false);
  });

  it('finds them written plain, grouped, with +86 and in full width, never inside longer digit runs', () => {
    expect(scan('mobile', '加我 13812345678 谢谢')).toEqual(['13812345678']);
    expect(scan('mobile', '电话138 1234 5678')).toEqual(['13812345678']);
    expect(scan('mobile', '电话138-1234-5678')).toEqual(['13812345678']);
    expect(scan('mobile', '+86 13812345678')).toEqual(['13812345678']);
    expect(scan('mobile', '１３８１２３４５６７８')).toEqual(['13812345678']);
    expect(scan('mobile', '订单号 2024138123456789')).toEqual([]);
    expect(scan('mobile', '1281234567 和 12812345678')).toEqual([]);
  });
});

describe('18-digit resident ID numbers', () => {
  it('verifies the MOD 11-2 check character, the birth date and the region', () => {
    expect(isResidentId('11010519491231002X')).toBe(true);
    expect(isResidentId('11010519491231002x')).toBe(true);
    expect(isResidentId('320106198506152349')).toBe(true);
    expect(isResidentId('44030419900307123X')).toBe(true);
    // Near misses: wrong check character, one digit changed, 30 February, region 9, 17 digits.
    expect(isResidentId('110105194912310021')).toBe(false);
    expect(isResidentId('320106198506152359')).toBe(false);
    expect(isResidentId('110105194902300026')).toBe(false);
    expect(isResidentId('910105194912310021')).toBe(false);
    expect(isResidentId('11010519491231002')).toBe(false);
  });

  it('rejects a birth date in the future', () => {
    expect(isResidentId('110105209912310013', NOW)).toBe(false);
  });

  it('finds IDs in text, with a lower-case or full-width x, and not inside longer runs', () => {
    expect(scan('idcard', '身份证11010519491231002X，请核对')).toEqual(['11010519491231002x']);
    expect(scan('idcard', '身份证１１０１０５１９４９１２３１００２Ｘ')).toEqual(['11010519491231002x']);
    expect(scan('idcard', '单号 911010519491231002X')).toEqual([]);
    expect(scan('idcard', '110105194912310021')).toEqual([]);
  });
});

describe('bank card numbers', () => {
  it('checks Luhn and the issuer prefix', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(isBankCard('6222020200112233446')).toBe(true);
    expect(isBankCard('4111111111111111')).toBe(true);
    expect(isBankCard('621483012345678902')).toBe(true);
    // Near misses: one digit off (Luhn), an unknown prefix that passes Luhn, too short.
    expect(isBankCard('6222020200112233445')).toBe(false);
    expect(isBankCard('9111111111111119')).toBe(false);
    expect(isBankCard('411111111111')).toBe(false);
  });

  it('finds cards plain and in groups of four, and leaves a valid ID to the ID pattern', () => {
    expect(scan('bankcard', '卡号6222020200112233446')).toEqual(['6222020200112233446']);
    expect(scan('bankcard', '卡号 4111 1111 1111 1111 户名张三')).toEqual(['4111111111111111']);
    expect(scan('bankcard', '卡号 4111-1111-1111-1112')).toEqual([]);
    expect(scan('bankcard', '320106198506152349')).toEqual([]);
  });
});

describe('e-mail addresses and URLs', () => {
  it('validates addresses', () => {
    expect(isEmail('zhang.wei@example.com')).toBe(true);
    expect(isEmail('a+b@mail.example.cn')).toBe(true);
    expect(isEmail('zhang..wei@example.com')).toBe(false);
    expect(isEmail('zhang@example')).toBe(false);
    expect(isEmail('zhang@-example.com')).toBe(false);
    expect(isEmail('@example.com')).toBe(false);
    expect(scan('email', '发到 Zhang.Wei@Example.COM 吧')).toEqual(['zhang.wei@example.com']);
    expect(scan('email', '发到 zhang@example. 吧')).toEqual([]);
  });

  it('matches URLs to the chosen domains and their subdomains only', () => {
    expect(urlHost('https://pan.baidu.com/s/1abc')).toBe('pan.baidu.com');
    expect(urlHost('www.example.com')).toBe('www.example.com');
    expect(hostInDomains('pan.baidu.com', ['baidu.com'])).toBe(true);
    expect(hostInDomains('notbaidu.com', ['baidu.com'])).toBe(false);
    expect(scan('url', '链接 https://pan.baidu.com/s/1abc 提取码 x', ['baidu.com'])).toEqual([
      'https://pan.baidu.com/s/1abc',
    ]);
    expect(scan('url', '链接 https://notbaidu.com/s/1abc', ['baidu.com'])).toEqual([]);
    expect(scan('url', '看 HTTPS://WWW.Example.com/a，好的')).toEqual(['https://www.example.com/a']);
  });
});
