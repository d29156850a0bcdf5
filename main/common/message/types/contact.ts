import { anyOf, num, str } from '../fields';
import { malformed, present, projection, type TypeModule } from '../module';

/** card (a contact card; `userid` is an id, not shown as text) and location (docs/wecom-sdk.md §4.2). */
export const contactModule: TypeModule<'card' | 'location'> = {
  parsers: {
    card: (msgtype, p) => {
      const body = { kind: 'card' as const, corpname: str(p, 'corpname'), userid: str(p, 'userid') };
      return anyOf(body.corpname, body.userid) ? body : malformed(msgtype, p);
    },
    location: (msgtype, p) => {
      const body = {
        kind: 'location' as const,
        longitude: num(p, 'longitude'),
        latitude: num(p, 'latitude'),
        address: str(p, 'address'),
        title: str(p, 'title'),
        zoom: num(p, 'zoom'),
      };
      return anyOf(body.longitude, body.latitude, body.address, body.title) ? body : malformed(msgtype, p);
    },
  },
  kinds: {
    card: projection({ searchFields: (body) => present(body.corpname) }),
    location: projection({
      searchFields: (body) => present(body.title, body.address),
      quotableText: (body) => body.title ?? body.address ?? '',
    }),
  },
};
