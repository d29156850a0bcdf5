/**
 * The Chromium features the app's renderer runs with, as one `--enable-features` value: the Electron
 * shell appends it before the app is ready, and the e2e tests and benches launch Chromium with it, so
 * what is measured is what ships (docs/platform-facts.md §5.3, docs/ARCHITECTURE.md §9.5).
 *
 * `IdbSqliteOnDiskRollout` at stage `UseSqliteForNewStores`: an archive created from now on is kept by
 * IndexedDB's SQLite backend, whose cost per record stays flat as the archive grows (LevelDB's grew
 * 2.7× over 400,000 rows keyed by msgid); an archive that already exists in LevelDB stays there, read
 * and written as before. Never `IdbSqliteBackingStore` or stage `UseSqliteOnly`: those open every store
 * in SQLite, so an existing LevelDB archive would look empty (and some Chromium versions delete it).
 *
 * Once an archive is in SQLite, a Chromium launched WITHOUT this feature shows it empty and starts a
 * LevelDB store beside it, which then wins even with the feature back on: every launch must pass it.
 */
export const CHROMIUM_ENABLE_FEATURES = 'IdbSqliteOnDiskRollout:stage/UseSqliteForNewStores';
