/**
 * External contacts are `wo…`/`wm…` and bots `wb…` (docs/wecom-sdk.md §4.1 id prefixes); internal userids are
 * free-form. Search files bots with the external side: they are not the corp's staff.
 */
export function isExternalUserId(id: string): boolean {
  return /^w[mob][A-Za-z0-9_-]{16,}$/.test(id);
}
