import type { BodyKind, MediaRef, MessageBody } from './model';
import type { KindProjection, KindTable, Parser, Projections } from './module';
import { contactModule } from './types/contact';
import { linkModule } from './types/link';
import { mediaModule } from './types/media';
import { officeModule } from './types/office';
import { recordsModule } from './types/records';
import { redpacketModule } from './types/redpacket';
import { systemModule } from './types/system';
import { textModule } from './types/text';
import { unsupportedModule } from './types/unsupported';

/** Every msgtype module. The KindTable type makes a body kind without its projections a type error. */
const MODULES = [
  textModule,
  mediaModule,
  linkModule,
  contactModule,
  systemModule,
  officeModule,
  redpacketModule,
  recordsModule,
  unsupportedModule,
] as const;

/** msgtype → parser, for every msgtype a module declares. */
export const PARSERS: Readonly<Record<string, Parser>> = Object.assign(
  {},
  ...MODULES.map((module) => module.parsers),
) as Record<string, Parser>;

/** body kind → projections. */
export const KINDS: KindTable<BodyKind> = {
  ...textModule.kinds,
  ...mediaModule.kinds,
  ...linkModule.kinds,
  ...contactModule.kinds,
  ...systemModule.kinds,
  ...officeModule.kinds,
  ...redpacketModule.kinds,
  ...recordsModule.kinds,
  ...unsupportedModule.kinds,
};

/** Every body kind, in the registry's order (the card table has to cover them all). */
export const BODY_KINDS = Object.keys(KINDS) as BodyKind[];

/** Every msgtype with a parser (switch is read from the header: it has no msgtype). */
export const KNOWN_MSGTYPES: readonly string[] = [...Object.keys(PARSERS), 'switch'];

function kindOf(body: MessageBody): KindProjection<BodyKind> {
  return KINDS[body.kind] as KindProjection<BodyKind>;
}

/** The projections over any body, dispatched through the registry. */
export const projections: Projections = {
  searchFields: (body) => kindOf(body).searchFields(body as never, projections),
  mediaRefs: (body): MediaRef[] => kindOf(body).mediaRefs(body as never, projections),
  preview: (body) => kindOf(body).preview(body as never, projections),
  quotableText: (body) => kindOf(body).quotableText(body as never, projections),
};
