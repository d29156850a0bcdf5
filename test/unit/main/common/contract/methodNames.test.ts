import { describe, expect, it } from 'vitest';
import { channelOf, EVENT_CHANNEL, isMethodName, METHOD_NAMES } from '../../../../../main/common/contract';
import { methodNames, requestSchemas } from '../../../../../main/contract';

describe('the contract verbs as a value', () => {
  it('names exactly the verbs main/contract has schemas for, once each', () => {
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(requestSchemas).sort());
    expect(methodNames).toBe(METHOD_NAMES);
  });

  it('recognises verbs and nothing else, including inherited names', () => {
    expect(isMethodName('listCorps')).toBe(true);
    expect(isMethodName('listcorps')).toBe(false);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
  });

  it('puts every verb and the events on archive: channels', () => {
    expect(channelOf('listCorps')).toBe('archive:listCorps');
    expect(EVENT_CHANNEL).toBe('archive:event');
  });
});
