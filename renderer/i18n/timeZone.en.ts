import type { TimeZoneMessages } from './timeZone.zh-CN';

/** Settings → Time zone, English. Typed against zh-CN so a missing key fails tsc. */
export const timeZoneEn: TimeZoneMessages = {
  title: 'Time zone',
  label: 'Time zone for showing and filtering dates',
  hint: "Used by search's date range and the times in a message's detail (which state the zone). Follows the system by default.",
  system: 'Follow the system ({{zone}}, {{offset}})',
  now: 'It is now {{time}} ({{zone}}, {{offset}})',
};
