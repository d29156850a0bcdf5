import { useAppState } from '../state';

/** The BCP 47 locale for Intl formatting: the UI language (dates still use the system time zone). */
export function useLocale(): string {
  return useAppState((state) => state.language);
}
