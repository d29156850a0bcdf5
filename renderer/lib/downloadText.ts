/**
 * Saves `text` as a file through the browser's download (the audit trail, ledger and rules exports).
 * The object URL is revoked a minute later, long after the download has read it.
 */
export function downloadText(name: string, mediaType: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
