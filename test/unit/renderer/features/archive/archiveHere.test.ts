import { describe, expect, it } from 'vitest';
import { archiveHere } from '../../../../../renderer/features/archive/archiveHere';

const status = (
  state: 'idle' | 'pulling' | 'caught-up' | 'starting',
  committedSeq: string,
  lastSuccessAt: number | null,
) => ({
  state,
  committedSeq,
  lastSuccessAt,
});

describe('archiveHere: what an empty archive in this browser means', () => {
  it('is unknown until the local cursor is read, and "has" once anything is stored', () => {
    expect(archiveHere({ storedSeq: undefined, status: undefined, lastSuccessAt: null })).toBe('unknown');
    expect(archiveHere({ storedSeq: '12', status: status('caught-up', '12', 1), lastSuccessAt: 1 })).toBe(
      'has',
    );
  });

  it('is the first pull while a pull runs into an empty archive', () => {
    expect(archiveHere({ storedSeq: '0', status: status('pulling', '0', null), lastSuccessAt: null })).toBe(
      'first-pull',
    );
    expect(archiveHere({ storedSeq: '0', status: status('starting', '0', null), lastSuccessAt: null })).toBe(
      'first-pull',
    );
  });

  it('is elsewhere when main pulled this corp before but nothing is stored here (a second browser profile)', () => {
    expect(archiveHere({ storedSeq: '0', status: status('caught-up', '480', 5), lastSuccessAt: 5 })).toBe(
      'elsewhere',
    );
    // main restarted: no status yet, but the corp's config remembers a successful pull.
    expect(archiveHere({ storedSeq: '0', status: undefined, lastSuccessAt: 5 })).toBe('elsewhere');
  });

  it('is empty when the corp was never pulled', () => {
    expect(archiveHere({ storedSeq: '0', status: status('idle', '0', null), lastSuccessAt: null })).toBe(
      'empty',
    );
    expect(archiveHere({ storedSeq: '0', status: undefined, lastSuccessAt: null })).toBe('empty');
  });
});
