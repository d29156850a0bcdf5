import type { CorpSpec, GenerateOptions } from './types';

/** The corps of each profile. Corpids and secrets are fixed so tests and the demo mode can name them. */

export const DEMO_CORP: { corpid: 'wwdemo00000000001'; secret: string; name: string; contactSecret: string } =
  {
    corpid: 'wwdemo00000000001',
    secret: 'DemoArchiveSecret_StandIn_0123456789abcdefg',
    name: '演示企业 Demo Corp',
    contactSecret: 'DemoContactSecret_StandIn_0123456789abcdefg',
  };

export const TEST_CORPS: { main: CorpSpec; bigseq: CorpSpec; blocked: CorpSpec; disabled: CorpSpec } = {
  main: {
    corpid: 'wwtestmain0000001',
    secret: 'TestMainArchiveSecret_0123456789abcdefghijk',
    name: '星河科技（测试）',
    messages: 1500,
    keyVersions: [1, 2],
    contactSecret: 'TestMainContactSecret_0123456789abcdefghijk',
  },
  bigseq: {
    corpid: 'wwtestbigseq00001',
    secret: 'TestBigSeqArchiveSecret_0123456789abcdefghi',
    name: '大序号测试企业',
    messages: 200,
    keyVersions: [1],
    bigSeq: true,
    contactSecret: 'TestBigSeqContactSecret_0123456789abcdefghi',
  },
  blocked: {
    corpid: 'wwtestblocked0001',
    secret: 'TestBlockedArchiveSecret_0123456789abcdefgh',
    name: '未加可信IP企业',
    messages: 60,
    keyVersions: [1],
    flags: { whitelisted: '0' },
    contactSecret: 'TestBlockedContactSecret_0123456789abcdefgh',
  },
  disabled: {
    corpid: 'wwtestdisabled001',
    secret: 'TestDisabledArchiveSecret_0123456789abcdefg',
    name: '未开通存档企业',
    messages: 60,
    keyVersions: [1],
    flags: { msgaudit: '0' },
    contactSecret: 'TestDisabledContactSecret_0123456789abcdefg',
  },
};

export const BENCH_CORP: CorpSpec = {
  // A corp ID of the real form ("ww" + 16 hex): Settings refuses any other for a non-demo corp.
  corpid: 'wwbe0c000000000001',
  secret: 'BenchArchiveSecret_StandIn_0123456789abcdef',
  name: '星河集团（压测）',
  messages: 200_000,
  keyVersions: [1, 2],
  contactSecret: 'BenchContactSecret_StandIn_0123456789abcdef',
};

/** First seq of a big-seq corp: 2^53 − 2, so the archive crosses Number.MAX_SAFE_INTEGER. */
export const BIG_SEQ_START = 9007199254740990n;

const DEMO_MESSAGES = 2000;
const DEMO_MESSAGES_IN_BENCH = 500;

export function corpSpecsForProfile(options: Pick<GenerateOptions, 'profile' | 'messages'>): CorpSpec[] {
  switch (options.profile) {
    case 'demo':
      return [demoSpec(options.messages ?? DEMO_MESSAGES)];
    case 'test': {
      const specs: CorpSpec[] = Object.values(TEST_CORPS).map((c) => copySpec(c));
      if (options.messages !== undefined) {
        const total = specs.reduce((n, s) => n + s.messages, 0);
        for (const spec of specs)
          spec.messages = Math.max(20, Math.round((spec.messages * (options.messages as number)) / total));
      }
      return specs;
    }
    case 'bench':
      return [
        { ...copySpec(BENCH_CORP), messages: options.messages ?? BENCH_CORP.messages },
        demoSpec(DEMO_MESSAGES_IN_BENCH),
      ];
  }
}

function demoSpec(messages: number): CorpSpec {
  return {
    corpid: DEMO_CORP.corpid,
    secret: DEMO_CORP.secret,
    name: DEMO_CORP.name,
    contactSecret: DEMO_CORP.contactSecret,
    messages,
    keyVersions: [1, 2],
  };
}

function copySpec(spec: CorpSpec): CorpSpec {
  const copy: CorpSpec = {
    corpid: spec.corpid,
    secret: spec.secret,
    name: spec.name,
    messages: spec.messages,
    keyVersions: [...spec.keyVersions],
  };
  if (spec.flags) copy.flags = { ...spec.flags };
  if (spec.bigSeq) copy.bigSeq = true;
  if (spec.contactSecret) copy.contactSecret = spec.contactSecret;
  return copy;
}
