import { longProse } from './content';
import type { ConversationEngine } from './conversation';
import { messageBody } from './messages';
import type { Chat, Person } from './people';

/**
 * The "hostile" chat: content that must be shown as text and never interpreted — markup and script,
 * `javascript:` links, a ~100 KB text, U+FFFD, RTL overrides, zero-width characters, path-like file names,
 * and bodies with raw control characters (real decrypted payloads have them, docs/wecom-sdk.md §1.6).
 * Each entry sends one message (or a few) into the hostile single chat or group.
 */
export type Recipe = (engine: ConversationEngine) => void;

export function hostileRecipes(single: Chat, group: Chat): Recipe[] {
  const tester = single.members[0] as Person;
  const attacker = single.members[1] as Person;
  const text = (chat: Chat, from: Person, content: string) => (e: ConversationEngine) =>
    void e.sendText(chat, from, content);
  const file = (name: string, assetKey: string) => (e: ConversationEngine) =>
    void e.sendFile(single, attacker, e.media.get(assetKey), name);

  return [
    text(single, attacker, '<script>alert(1)</script>'),
    text(group, attacker, '<img src=x onerror=alert(document.cookie)>你好'),
    text(
      single,
      attacker,
      '<b>粗体</b> <a href="javascript:alert(1)">点我领奖</a> <iframe src="https://evil.example.com/"></iframe> &lt;escaped&gt; &amp;amp; <style>body{display:none}</style>',
    ),
    text(
      group,
      attacker,
      '{{constructor.constructor(\'alert(1)\')()}} ${7*7} <%= 7*7 %> #{7*7} \'; DROP TABLE messages; -- {"msgid":"fake","action":"recall"}',
    ),
    text(single, attacker, '乱码\uFFFD\uFFFD\uFFFD测试 \uFFFD'),
    text(single, attacker, 'مرحبا بك — שלום עולם — 请查收附件 \u202Eexe.fdp\u202C 发票'),
    text(group, attacker, '零\u200B宽\u200C字\u200D符\uFEFF测试\u2060结束'),
    text(group, attacker, 'Z\u0334\u0321\u0327a\u0336l\u0337g\u0335o\u0338 👨‍👩‍👧‍👦🏳️‍🌈🧑🏽‍💻 \uD83D\uDE00'),
    text(single, attacker, `https://example.com/${'a'.repeat(2000)}?q=${'%E4%BD%A0'.repeat(200)}`),
    (e) => void e.sendText(single, attacker, longProse(e.prng.fork('huge-text'), 100 * 1024)),
    (e) =>
      void e.send(single, attacker, 'link', {
        link: {
          title: '<b>中奖通知</b><script>alert("title")</script>',
          description: '<img src=x onerror=alert(2)>',
          link_url: "javascript:alert('link')",
          image_url: 'javascript:alert(2)',
        },
      }),
    (e) =>
      void e.send(group, attacker, 'weapp', {
        weapp: {
          title: '<svg onload=alert(1)>',
          description: '<a href=javascript:alert(1)>x</a>',
          username: 'gh_<script>@app',
          displayname: '<i>小程序</i>',
        },
      }),
    (e) =>
      void e.send(group, attacker, 'location', {
        location: {
          longitude: 999.999,
          latitude: -999.999,
          address: '<script>alert("addr")</script>',
          title: '"><img src=x onerror=alert(1)>',
          zoom: 15,
        },
      }),
    file('../../etc/passwd', 'minutes.txt'),
    file('a/b\\c.txt', 'minutes.txt'),
    file('..', 'minutes.txt'),
    file('', 'minutes.txt'),
    file('report\u2400.txt', 'minutes.txt'),
    file('%00.pdf', 'doc-statement.pdf'),
    file('invoice\u202Efdp.exe', 'doc-statement.pdf'),
    file(`${'很长的文件名'.repeat(50)}.docx`, 'doc-quote.docx'),
    (e) =>
      void e.sendFile(single, attacker, e.media.get('doc-quote.docx'), 'CON.docx', { fileext: '../docx' }),
    // Raw control characters inside JSON strings: 0x01, a tab, 0x1F.
    (e) => void e.sendText(single, attacker, '控制字符\u0001测试\t制表符\u001f结束', { rawControls: true }),
    (e) => void e.sendText(group, tester, '收到\t谢谢\u0001', { rawControls: true }),
    // A raw line feed inside a string (JSON.parse rejects it; tolerant parsers must cope).
    (e) => {
      const t = e.peekTime();
      const msgid = e.msgidFor(single, Math.floor(t / 1000));
      const body = messageBody(
        { msgid, action: 'send', from: attacker.id, tolist: [tester.id], roomid: '', msgtime: t },
        'text',
        { text: { content: '第一行\n第二行' } },
      );
      e.sendRaw(msgid, body.replace('\\n', '\n'), 'text');
    },
    (e) =>
      void e.send(group, tester, 'markdown', {
        info: {
          content:
            '[点我](javascript:alert(4)) <script>alert(5)</script> **粗体** ![img](x" onerror="alert(6))',
        },
      }),
    (e) =>
      void e.send(group, tester, 'news', {
        info: {
          item: [
            {
              title: '<h1>标题</h1>',
              description: '<script>',
              url: 'javascript:alert(3)',
              picurl: 'javascript:alert(7)',
            },
          ],
        },
      }),
    (e) => {
      const t = e.peekTime();
      e.send(
        single,
        attacker,
        'chatrecord',
        {
          chatrecord: {
            title: '<img src=x onerror=alert("record")>',
            item: [
              {
                type: 'ChatRecordText',
                msgtime: Math.floor(t / 1000) - 60,
                content: JSON.stringify({ content: '<script>alert("item")</script>' }),
                from_chatroom: false,
              },
              {
                type: 'ChatRecordText',
                msgtime: Math.floor(t / 1000) - 30,
                content: '{not json',
                from_chatroom: false,
              },
            ],
          },
        },
        { msgtime: t },
      );
    },
  ];
}
