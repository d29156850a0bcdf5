import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ExternalLink } from './ExternalLink';

/**
 * Message text as React text nodes only (never HTML): WeCom emoji codes like [微笑] shown as the
 * emoji with the code as its label (docs/wecom-sdk.md §7), http(s) URLs as confirm-first link buttons, and
 * very long texts collapsed behind "show all". `<bdi>` isolates RTL overrides to this message.
 */
const EMOJI: Readonly<Record<string, string>> = {
  微笑: '🙂',
  捂脸: '🤦',
  呲牙: '😁',
  偷笑: '🤭',
  强: '👍',
  抱拳: '🙏',
  OK: '👌',
  玫瑰: '🌹',
  握手: '🤝',
  流泪: '😢',
  憨笑: '😄',
  调皮: '😜',
  愉快: '😊',
  奋斗: '💪',
  咖啡: '☕',
  庆祝: '🎉',
  爱心: '❤️',
  耶: '✌️',
  合十: '🙏',
  旺柴: '🐶',
  让我看看: '👀',
  破涕为笑: '😂',
  发呆: '😶',
  害羞: '😳',
  尴尬: '😅',
  擦汗: '😓',
  敲打: '🔨',
  再见: '👋',
  撇嘴: '😕',
  色: '😍',
  得意: '😎',
  大哭: '😭',
  睡: '😴',
  难过: '😞',
  囧: '😳',
  抓狂: '😫',
  吐: '🤮',
  可爱: '☺️',
  白眼: '🙄',
  傲慢: '😤',
  困: '😪',
  惊恐: '😱',
  流汗: '😥',
  疑问: '❓',
  嘘: '🤫',
  晕: '😵',
  衰: '😩',
  鼓掌: '👏',
  坏笑: '😏',
  哈欠: '🥱',
  委屈: '🥺',
  阴险: '😈',
  亲亲: '😘',
  可怜: '🥺',
  菜刀: '🔪',
  西瓜: '🍉',
  啤酒: '🍺',
  猪头: '🐷',
  凋谢: '🥀',
  嘴唇: '💋',
  心碎: '💔',
  蛋糕: '🎂',
  炸弹: '💣',
  便便: '💩',
  月亮: '🌙',
  太阳: '☀️',
  拥抱: '🤗',
  弱: '👎',
  胜利: '✌️',
  拳头: '✊',
  勾引: '☝️',
  加油: '💪',
  好的: '👌',
  嘿哈: '😆',
  机智: '🤓',
  皱眉: '😟',
  红包: '🧧',
  發: '🀅',
  福: '🧧',
  烟花: '🎆',
  爆竹: '🧨',
  礼物: '🎁',
  社会社会: '🤙',
  哇: '😮',
  天啊: '😲',
  汗: '😓',
  打脸: '🤕',
  翻白眼: '🙄',
  666: '👍',
  苦涩: '😖',
  裂开: '💔',
  叹气: '😮‍💨',
  失望: '😞',
  生病: '🤒',
  恐惧: '😨',
  笑脸: '😀',
  闭嘴: '🤐',
};

const TOKEN = /(\[[^[\]\n]{1,6}\])|(https?:\/\/[^\s<>"'，。！？、；）)\]】]+)/g;
const COLLAPSE_AT = 4000;

export function RichTextSegments({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  let index = 0;
  for (const match of text.matchAll(TOKEN)) {
    const at = match.index;
    if (at > last) parts.push(text.slice(last, at));
    const [whole, emojiCode, url] = match;
    const emoji = emojiCode ? EMOJI[emojiCode.slice(1, -1)] : undefined;
    if (emoji) {
      parts.push(
        <span key={index++} className="emoji" role="img" aria-label={emojiCode} title={emojiCode}>
          {emoji}
        </span>,
      );
    } else if (url) {
      parts.push(<ExternalLink key={index++} url={url} />);
    } else {
      parts.push(whole);
    }
    last = at + whole.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}

export function RichText({ text, className }: { text: string; className?: string }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const long = text.length > COLLAPSE_AT;
  const shown = long && !expanded ? text.slice(0, COLLAPSE_AT) : text;
  return (
    <div className={['rich-text', className].filter(Boolean).join(' ')} dir="auto">
      <bdi>
        <RichTextSegments text={shown} />
        {long && !expanded ? '…' : null}
      </bdi>
      {long ? (
        <div>
          <button
            type="button"
            className="inline-link"
            aria-expanded={expanded}
            data-testid="text-expand"
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? t('reading.card.showLess') : t('reading.card.showMore', { count: text.length })}
          </button>
        </div>
      ) : null}
    </div>
  );
}
