import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatZoneOffset } from '../../lib/formatTime';
import { knownTimeZones, saveTimeZone, systemTimeZone } from '../../lib/timeZone';
import { useNow } from '../../lib/useNow';
import { Field } from '../../ui/Field';
import { Section } from '../../ui/Section';
import { selectTimeZone, useAppState } from '../../state';
import { useLocale } from '../useLocale';

/**
 * Settings → Time zone: the zone dates are shown and filtered in (search's date range, the detail
 * panel, which states it). Default: the system's zone. Remembered on this machine (localStorage).
 */
export function TimeZoneSetting() {
  const { t } = useTranslation();
  const locale = useLocale();
  const chosen = useAppState((state) => state.timeZone);
  const effective = useAppState(selectTimeZone);
  const setTimeZone = useAppState((state) => state.setTimeZone);
  const now = useNow(60_000);
  const system = systemTimeZone();
  // Offsets change twice a year at most; an hour-old "now" labels them correctly.
  const hour = Math.floor(now / 3_600_000) * 3_600_000;
  const zones = useMemo(
    () => knownTimeZones().map((zone) => ({ zone, offset: formatZoneOffset(hour, locale, zone) })),
    [hour, locale],
  );
  const choose = (value: string) => {
    const zone = value === '' ? null : value;
    setTimeZone(zone);
    saveTimeZone(localStorage, zone);
  };
  return (
    <Section id="time-zone" title={t('timeZone.title')}>
      <Field label={t('timeZone.label')} hint={t('timeZone.hint')}>
        {({ id, describedBy }) => (
          <select
            id={id}
            className="input"
            value={chosen ?? ''}
            onChange={(event) => choose(event.target.value)}
            aria-describedby={describedBy}
            data-testid="time-zone-select"
          >
            <option value="">
              {t('timeZone.system', { zone: system, offset: formatZoneOffset(hour, locale, system) })}
            </option>
            {zones.map(({ zone, offset }) => (
              <option key={zone} value={zone}>
                {zone} ({offset})
              </option>
            ))}
          </select>
        )}
      </Field>
      <p className="muted small" data-testid="time-zone-now" data-zone={effective}>
        {t('timeZone.now', {
          time: formatDateTime(now, locale, effective),
          zone: effective,
          offset: formatZoneOffset(now, locale, effective),
        })}
      </p>
    </Section>
  );
}
