import { present, projection, type TypeModule } from '../module';

/**
 * Messages without a typed body: a msgtype this app does not know (kept with its payload), a known
 * type without its fields (malformed), and text that is not JSON. Their card shows the raw JSON, so
 * search finds them by the common text-bearing fields of the payload.
 */
const TEXT_KEYS = ['title', 'content', 'description', 'filename', 'address', 'wish', 'topic'] as const;

export const unsupportedModule: TypeModule<'unsupported'> = {
  parsers: {},
  kinds: {
    unsupported: projection({
      searchFields: (body) => {
        const payload = body.payload;
        if (!payload) return [];
        return present(
          ...TEXT_KEYS.map((key) => {
            const value = payload[key];
            return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
          }),
        );
      },
      preview: () => '',
    }),
  },
};
