import type { MediaMessages } from './media.zh-CN';

/** Media UI strings in English; typed against zh-CN so a missing key fails tsc. */
export const mediaEn: MediaMessages = {
  kind: {
    image: 'Image',
    voice: 'Voice',
    video: 'Video',
    emotion: 'Sticker',
    file: 'File',
    meeting_voice_call: 'Meeting recording',
    voip_doc_share: 'Shared document',
  },
  state: {
    pending: 'Not downloaded',
    queued: 'Queued',
    downloading: 'Downloading {{percent}}',
    done: 'Downloaded',
    failed: 'Download failed',
  },
  verification: {
    verified: 'MD5 verified',
    unverified: 'Unverified (the archive gave no MD5)',
    'md5-mismatch': 'MD5 mismatch (kept as received after repeated downloads)',
    'size-mismatch': 'Size differs from the archive (kept as received after repeated downloads)',
  },
  failure: {
    permanent: 'The file does not exist or has expired; it cannot be downloaded',
    code10005: 'Invalid sdkfileid (10005)',
    code301048: 'File missing or expired (301048)',
    retryable: 'Temporary failure; you can retry',
    attempts: '{{count}} retries',
  },
  offline: {
    lastKnown: 'Last known: {{state}}',
    unconfirmed: 'Not connected, cannot confirm',
    noImage:
      'The app’s server is not running, so this item cannot be loaded. It loads once the server is back.',
    actionsDisabled:
      'The app’s server is not running: download, play and save work again once it reconnects.',
  },
  action: {
    download: 'Download',
    retry: 'Retry',
    open: 'Open',
    saveAs: 'Save as…',
    openExternal: 'Open with system app',
    play: 'Play',
    pause: 'Pause',
  },
  confirmOpen: {
    title: 'Open this file with the system application?',
    bodyBefore: '“',
    bodyAfter:
      '” comes from the chat archive and may not be trustworthy. A copy is handed to your default application.',
    typeFromName:
      '(taken from the real extension after the last dot of the name, not from how the name looks)',
    controls:
      'The name holds invisible or direction-changing characters, shown as <U+…>: they can make a name look as if it ended in another extension.',
    confirm: 'Open',
    type: 'Type: {{type}}',
    noType: 'none (no extension)',
    dangerous:
      'Files of type “{{type}}” can run programs on this computer. Open it only if you know exactly what it is and who sent it.',
    openAnyway: 'Open anyway',
  },
  lightbox: {
    label: 'Image viewer',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    rotate: 'Rotate 90°',
    reset: 'Reset',
    close: 'Close',
    zoom: '{{percent}}%',
  },
  voice: {
    label: 'Voice message, {{duration}}',
    progress: 'Playback position',
    decodeFailed: 'This voice message could not be decoded',
    saveOriginal: 'Save original {{format}}…',
    saveWav: 'Save as WAV…',
  },
  video: {
    label: 'Video, {{duration}}',
    duration: 'Duration {{duration}}',
  },
  file: {
    size: 'Size',
    type: 'Type',
    unnamed: '(no file name)',
    controls:
      'This name holds invisible or direction-changing characters (shown as <U+…>); it may be disguising its extension.',
    runsCode: 'Runs programs',
    declared: '(the archive states the extension “{{type}}”)',
  },
  panel: {
    title: 'Media',
    filter: 'Type',
    all: 'All',
    empty: 'This corp’s archive has no media.',
    previous: 'Previous',
    next: 'Next',
    page: 'Items {{from}}–{{to}} of {{total}}',
    filters: 'Filter media',
    chat: 'Chat',
    anyChat: 'All chats',
    sender: 'Sender',
    anySender: 'All senders',
    since: 'From',
    until: 'To',
    clearFilters: 'Clear filters',
    noMatch: 'No media matches these filters.',
    showInChat: 'Show in chat',
  },
  downloadAll: {
    title: 'Download all',
    start: 'Download all',
    pause: 'Pause',
    resume: 'Resume',
    cancel: 'Cancel queued',
    progress: '{{done}} / {{total}} done',
    detail: '{{failed}} failed · {{rate}}/s · {{bytes}} this session',
    paused: 'Paused',
    nothing: 'All media is downloaded.',
    diskFull: {
      ENOSPC: 'Downloads stopped: the disk holding the media folder is full.',
      EDQUOT: 'Downloads stopped: your disk quota on the media folder’s disk is used up.',
      need: 'The queued downloads need at least {{needed}} more; {{free}} is free now.',
      needUnknownFree: 'The queued downloads need at least {{needed}} more.',
      how: 'Nothing was lost and no file was marked failed. Make room on the disk of {{folder}}, then press Resume (or Download all): every download goes on from its last complete chunk.',
    },
  },
  verify: {
    start: 'Verify stored files',
    clean: 'Checked {{files}} stored files for {{items}} items ({{bytes}}) in {{seconds}} s: all intact.',
    problems:
      'Checked {{files}} stored files: {{damaged}} damaged, {{missing}} missing. The {{items}} items concerned download again with “Download all”.',
  },
};
