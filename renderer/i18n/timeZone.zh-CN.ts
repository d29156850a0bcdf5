/** Settings → Time zone (renderer/features/settings/TimeZoneSetting.tsx), zh-CN first. */
export const timeZoneZhCN = {
  title: '时区',
  label: '显示和筛选日期所用的时区',
  hint: '用于搜索的日期范围、消息详情中的时间（注明时区）。默认跟随系统。',
  system: '跟随系统（{{zone}}，{{offset}}）',
  now: '现在是 {{time}}（{{zone}}，{{offset}}）',
};

export type TimeZoneMessages = typeof timeZoneZhCN;
