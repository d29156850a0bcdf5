import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { IngestMessageDto, MessageHeaderDto } from '../../../../main/contract';
import { ArchiveDb } from '../../../../renderer/db';
import { searchDerivedIndex } from '../../../../renderer/search/searchIndex';
import { decryptedMessage } from '../fixtures';

/** Fixtures of the rules tests: an external customer, text messages from staff to them, an indexed archive. */
export const CUSTOMER = 'wmAbCdEfGhIjKlMnOpQrSt01';

/** Message `seq`: a text from zhangwei to the customer, one second apart, unless `overrides` say otherwise. */
export function textMessage(
  seq: number,
  content: string,
  overrides: Partial<MessageHeaderDto> = {},
): IngestMessageDto {
  const header: MessageHeaderDto = {
    action: 'send',
    msgtype: 'text',
    from: 'zhangwei',
    tolist: [CUSTOMER],
    roomid: '',
    msgtime: 1_717_000_000_000 + seq * 1000,
    ...overrides,
  };
  return decryptedMessage(seq, header, { text: { content } });
}

/** A fresh archive with the search index its rules read candidates from. */
export function indexedArchive(): ArchiveDb {
  return new ArchiveDb({ indexedDB: new IDBFactory(), IDBKeyRange, derived: [searchDerivedIndex] });
}
