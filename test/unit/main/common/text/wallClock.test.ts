import { describe, expect, it } from 'vitest';
import { isKnownTimeZone, wallClock } from '../../../../../main/common/text/wallClock';

describe('the wall clock of an instant in a zone', () => {
  it('reads zero-padded fields and the offset', () => {
    const ms = Date.UTC(2024, 0, 5, 1, 30, 12);
    expect(wallClock(ms, 'Asia/Shanghai')).toEqual({
      year: '2024',
      month: '01',
      day: '05',
      hour: '09',
      minute: '30',
      second: '12',
      offset: '+08:00',
    });
    expect(wallClock(ms, 'UTC')).toMatchObject({ hour: '01', offset: '+00:00' });
    expect(wallClock(ms, 'America/St_Johns').offset).toBe('-03:30');
  });

  it('knows IANA zones and refuses others', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(isKnownTimeZone(' ')).toBe(false);
  });
});
