import { numberAt, recordParser, textFields } from '../fieldTable';
import type { TypeModule } from '../module';

/** card (a contact card; `userid` is an id, not shown as text) and location (docs/wecom-sdk.md §4.2). */
export const contactModule: TypeModule<'card' | 'location'> = {
  parsers: {
    card: recordParser('card', ['corpname', 'userid'], { corpname: 'corpname', userid: 'userid' }),
    location: recordParser('location', ['longitude', 'latitude', 'address', 'title'], {
      longitude: numberAt('longitude'),
      latitude: numberAt('latitude'),
      address: 'address',
      title: 'title',
      zoom: numberAt('zoom'),
    }),
  },
  kinds: {
    card: textFields({ search: ['corpname'] }),
    location: textFields({ search: ['title', 'address'], quote: ['title', 'address'] }),
  },
};
