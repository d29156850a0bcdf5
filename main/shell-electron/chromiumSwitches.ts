import type { App } from 'electron';
import { CHROMIUM_ENABLE_FEATURES } from '../shell-common/chromiumFeatures';

/**
 * Chromium switches the shell sets before the app is ready, at every launch: IndexedDB's SQLite backend
 * for archives created from now on (docs/platform-facts.md §5.3). An existing LevelDB archive stays in
 * LevelDB; a SQLite archive opened without the switch would look empty, so it is never conditional.
 */
export function applyChromiumSwitches(app: Pick<App, 'commandLine'>): void {
  app.commandLine.appendSwitch('enable-features', CHROMIUM_ENABLE_FEATURES);
}
