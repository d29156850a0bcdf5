import { useAppState } from '../state';

/** The BCP 47 locale for Intl formatting: the UI language (dates are shown in Settings → Time zone, selectTimeZone). */
export function useLocale(): string {
  return useAppState((state) => state.language);
}
