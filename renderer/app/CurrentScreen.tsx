import type { ComponentType } from 'react';
import { AlertsScreen } from '../features/alerts';
import { AuditScreen } from '../features/audit';
import { CasesScreen } from '../features/cases';
import { VerifyBundleScreen } from '../features/export';
import { LedgerScreen } from '../features/ledger';
import { MediaScreen } from '../features/media/MediaScreen';
import { PeopleScreen } from '../features/people';
import { WelcomeScreen } from '../features/onboarding/WelcomeScreen';
import { PullPanel } from '../features/pull/PullPanel';
import { ReadingScreen } from '../features/reading/ReadingScreen';
import { RulesScreen } from '../features/rules';
import { SettingsScreen } from '../features/settings/SettingsScreen';
import { useAppState, type View } from '../state';
import { RiskBanner } from './RiskBanner';

/**
 * The screen for the current view; with nothing configured yet, the welcome screen (except in Settings).
 * The retention-risk banner stands above every screen (issue 14).
 */
export function CurrentScreen() {
  return (
    <>
      <RiskBanner />
      <ScreenForView />
    </>
  );
}

/** Each view's screen; a Record, so a new view does not type-check until it has one. */
const SCREENS: Record<View, ComponentType> = {
  archive: ReadingScreen,
  people: PeopleScreen,
  media: MediaScreen,
  pull: PullPanel,
  ledger: LedgerScreen,
  cases: CasesScreen,
  rules: RulesScreen,
  alerts: AlertsScreen,
  audit: AuditScreen,
  verify: VerifyBundleScreen,
  settings: SettingsScreen,
};

function ScreenForView() {
  const view = useAppState((state) => state.view);
  const firstRun = useAppState((state) => state.corpsLoaded && state.corps.length === 0);
  if (firstRun && view !== 'settings') return <WelcomeScreen />;
  const Screen = SCREENS[view];
  return <Screen />;
}
