import type { Messages } from './zh-CN';
import { rulesEn } from './rules.en';

/** English. Typed against the zh-CN resource, so a missing or extra key fails tsc. */
export const en: Messages = {
  app: {
    title: 'WeCom Archive',
    subtitle: 'offline review',
    skipToContent: 'Skip to main content',
  },
  nav: {
    rules: 'Rules',
    alerts: 'Alerts',
    label: 'Main navigation',
    archive: 'Archive',
    people: 'People',
    pull: 'Pull',
    settings: 'Settings',
  },
  people: {
    title: 'People',
    listTitle: 'People ({{count}})',
    filter: 'Filter',
    filterPlaceholder: 'Name, user id or department',
    none: 'Nobody matches.',
    more: '{{count}} more not listed; type to filter.',
    column: { name: 'Name', department: 'Department', sent: 'Messages sent', chats: 'Chats' },
    back: '← All people',
    loading: 'Counting…',
    kind: { internal: 'Employee', external: 'External contact', robot: 'Bot' },
    stat: { sent: 'Messages sent', chats: 'Chats', firstSeen: 'First message', lastSeen: 'Last message' },
    names: {
      title: 'Names over time',
      none: 'No name known yet (import the staff directory or resolve names).',
      seen: '{{first}} to {{last}}',
      source: {
        import: 'staff directory',
        'group-member': 'group member list',
        'external-contact': 'customer contact',
        robot: 'bot info',
      },
    },
    chats: {
      title: 'Chats ({{count}})',
      none: 'In no chat.',
      chat: 'Chat',
      sent: 'Sent by them',
      total: 'Messages in chat',
      last: 'Last message',
    },
    days: { title: 'Messages per day ({{count}} days)', none: 'Sent no messages.' },
    timeline: {
      title: 'Their messages ({{count}})',
      none: 'Sent no messages.',
      in: 'in “{{chat}}”',
    },
    sender: 'Open the person view of {{name}}',
    import: {
      title: 'Import the staff directory',
      hint: 'The chat archive Secret cannot read the contact book. Import a CSV or XLSX file (columns: userid, name, department; a header row is optional) to name internal staff. A new import replaces the company’s previous one.',
      file: 'Directory file',
      doneTitle: 'Directory imported',
      done: '{{imported}} people imported, {{renamed}} with a changed name, {{removed}} removed.',
      skipped: 'These lines had no user id or no name and were skipped: {{lines}}',
      failedTitle: 'The directory could not be imported',
      problem: {
        empty: 'The file is empty.',
        'no-columns':
          'No user id and name columns found: use the three columns userid, name, department, or name them in a header row.',
        unreadable: 'This file cannot be read: use a UTF-8 CSV or an Excel .xlsx file.',
        'too-large': 'The file is too large (32 MB at most).',
      },
    },
  },
  language: {
    label: 'Language',
    'zh-CN': '简体中文',
    en: 'English',
  },
  connection: {
    connecting: 'Connecting to the app back end…',
    reconnecting: 'The connection to the app back end was lost. Reconnecting…',
    reconnectingHint:
      'Pulls continue from what is stored once the connection is back. If the back end was restarted, press Enter in its terminal and open the one-time link it prints.',
    connectionLost: 'The connection to the app back end was lost. Try again in a moment.',
  },
  session: {
    noSessionTitle: 'This window is not signed in to the app',
    noSessionBody:
      'The app back end only talks to a browser window that opened one of its one-time links. After the back end restarts, every window needs a new link.',
    endedTitle: 'A one-time link was used twice: every session was ended',
    endedBody:
      'The back end refused the second use and closed every window, because someone else on this computer may have read the link. Check who else uses this computer before you continue.',
    alreadyOpenTitle: 'The archive is already open in another window or tab',
    alreadyOpenBody:
      'Only one window at a time can be the app. Use the other window, or close it and reload this one.',
    newLinkHint:
      'To continue, press Enter in the terminal where the app runs (or start it again with npm start) and open the one-time link it prints within 30 seconds.',
  },
  ui: {
    dateField: {
      placeholder: 'YYYY-MM-DD',
      hint: 'Type the date as year-month-day, e.g. 2026-12-04; press Enter to apply',
      invalid: '“{{text}}” is not a date; type it as year-month-day, e.g. 2026-12-04',
      outOfRange: 'The date must be between {{min}} and {{max}}',
    },
    filePicker: {
      choose: 'Choose file…',
      none: 'No file chosen',
    },
  },
  archiveHere: {
    firstPullTitle: 'First pull in progress',
    firstPullDetail: '{{count}} messages pulled; chats appear here as they are stored.',
    firstPullHint:
      'The total of a first pull is known only when it finishes. Stay here, or see the details under Pull.',
    elsewhereTitle: 'This browser profile holds no archive',
    elsewhereBody:
      '“{{corp}}” was pulled successfully on {{at}}, but its messages are stored in the browser profile that pulled them, not here: the archive lives in the browser’s IndexedDB, which each browser profile keeps separately.',
    elsewhereWhereWeb: 'Where the archive lives: the app’s own Chromium profile',
    elsewhereWhereElectron: 'Where the archive lives: the storage of the app window that pulled it.',
    elsewhereWhatToDo:
      'Open the app in that profile (npm start opens its window with it). Starting a pull here only builds a second copy, holding just the last few days WeCom still keeps.',
    stateBadge: 'No archive in this browser',
  },
  common: {
    save: 'Save',
    cancel: 'Cancel',
    remove: 'Remove',
    edit: 'Edit',
    close: 'Close',
    confirm: 'Confirm',
    loading: 'Loading…',
    never: 'never',
    none: 'none',
    yes: 'yes',
    no: 'no',
    dismiss: 'Dismiss',
  },
  onboarding: {
    title: 'Welcome to WeCom Archive',
    lead: 'Pull, decrypt and review your WeCom chat archive (会话内容存档) offline. The data stays on this computer.',
    demoTitle: 'Look at the demo archive first',
    demoBody:
      'A built-in demo company with every kind of message and two key versions: a full archive within seconds.',
    demoButton: 'Open the demo archive',
    demoOpening: 'Opening the demo archive…',
    demoUnavailable: 'This build has no demo archive (run npm run build first).',
    demoFailed: 'Could not open the demo archive: {{message}}',
    addTitle: 'Add my company',
    addBody:
      'You need the corp ID, the chat archive Secret, the WeCom SDK library (libWeWorkFinanceSdk_C.so) and the RSA private keys.',
    addButton: 'Add a company',
  },
  pull: {
    title: 'Pull',
    noCorps: 'No company is configured yet. Add one in Settings first.',
    corpid: 'Corp ID: {{corpid}}',
    demo: 'demo',
    start: 'Start pull',
    stop: 'Stop',
    startFailed: 'Could not start the pull: {{message}}',
    offline:
      'The connection to the app’s back end is lost: pulls can be started or stopped once it reconnects. Stored messages are not affected.',
    stopFailed: 'Could not stop the pull: {{message}}',
    state: {
      idle: 'Idle',
      starting: 'Starting',
      pulling: 'Pulling',
      'backing-off': 'Waiting to retry',
      'caught-up': 'Up to date',
      stopped: 'Stopped',
      failed: 'Failed',
    },
    stat: {
      pulled: 'Pulled this session',
      rate: 'Rate',
      rateValue: '{{rate}} msgs/s',
      committedSeq: 'Acknowledged seq',
      storedSeq: 'Stored up to seq',
      lastSuccess: 'Last successful pull',
      limit: 'Batch limit',
      nextScheduled: 'Next scheduled pull',
      manualOnly: 'manual only',
    },
    retention: {
      neverTitle: 'This company has never been pulled successfully',
      staleTitle: 'The last successful pull was {{ago}} ({{at}})',
      body: 'WeCom keeps messages only 3–5 days; data older than that is gone for good. Pull now, and consider a pull schedule.',
    },
    stored: {
      title: 'Local archive',
      total: 'Total',
      ok: 'Decrypted',
      missingKey: 'Missing key v{{version}}',
      decryptFailed: 'Decryption failed',
    },
    errors: {
      title: 'Errors',
      none: 'No errors in this pull.',
      time: 'Time',
      kind: 'Kind',
      code: 'Code',
      explanation: 'What happened and what to do',
      retrying: 'retrying',
      stopped: 'pull stopped',
      details: 'Technical details',
    },
    fatalTitle: 'The pull stopped: {{explanation}}',
    commitFailed:
      'Batch {{batchId}} could not be stored in the local archive, so the pull was stopped. The batch was not acknowledged: starting again continues from what is stored, and no message is lost. Reason: {{message}}',
    redecrypt: {
      title: 'Re-decryption',
      titleVersion: 'Re-decrypting with the v{{version}} key',
      progress: '{{done}} / {{total}}, {{succeeded}} decrypted',
      done: 'Re-decryption finished: {{succeeded}} of {{total}} messages decrypted.',
      failed: 'Re-decryption stopped: {{message}}',
    },
  },
  pullError: {
    'sdk-10000': {
      explanation: 'The SDK rejected the request parameters.',
      action: 'Check the batch limit (1–1000) and the format of the proxy URL and credentials.',
    },
    'sdk-10001': {
      explanation: 'Network error, proxy failure or timeout while contacting WeCom.',
      action: 'Retrying automatically; check the network or proxy if it persists.',
    },
    'sdk-10002': {
      explanation: 'The SDK could not parse the server response.',
      action: 'Retrying automatically.',
    },
    'sdk-10003': {
      explanation: 'The SDK reported an internal system failure.',
      action: 'Retrying automatically.',
    },
    'sdk-10004': {
      explanation: 'Key error: the chat archive Secret or the keys are wrong.',
      action: 'Check the chat archive Secret (会话内容存档 Secret) in the company settings.',
    },
    'sdk-10005': {
      explanation: 'Unknown media id (sdkfileid).',
      action: 'The message may be corrupted; its media cannot be downloaded.',
    },
    'sdk-10006': {
      explanation:
        'Decryption failed: the private key does not match the message key version, or the data is corrupted.',
      action: 'Import the private key for this publickey_ver.',
    },
    'sdk-10007': {
      explanation: 'No private key for the key version of the message.',
      action:
        'Import the private key for that publickey_ver; the messages are kept encrypted and decrypted once it arrives.',
    },
    'sdk-10008': {
      explanation: 'The decrypted random key was malformed (encrypt_key could not be parsed).',
      action: 'The private key does not match its version; import the right one.',
    },
    'sdk-10009': {
      explanation: 'This machine’s egress IP is not in the chat archive’s trusted IP list.',
      action:
        'Add the egress IP in the admin console (管理工具 → 会话内容存档 → 可信IP), or configure a proxy whose egress IP is whitelisted.',
    },
    'sdk-10010': {
      explanation:
        'The messages after the last stored one are beyond the retention window and WeCom has deleted them.',
      action:
        'Choose “Continue from the oldest retained message”; the missing range is recorded in the ledger as a gap. Pull at least daily.',
    },
    'sdk-10011': {
      explanation: 'TLS certificate error.',
      action: 'Install the system CA certificates, or fix the TLS-intercepting proxy.',
    },
    'errcode--1': {
      explanation: 'WeCom reports that the system is busy.',
      action: 'Retrying automatically.',
    },
    'errcode-40001': {
      explanation:
        'Invalid credential: the chat archive Secret is wrong (also reported when the IP is not whitelisted).',
      action: 'Re-enter the chat archive Secret and check the trusted IP list.',
    },
    'errcode-40013': {
      explanation: 'Invalid corp ID (corpid).',
      action: 'Check the corp ID (我的企业 → 企业信息).',
    },
    'errcode-41001': {
      explanation: 'Access token missing (often an IP whitelist problem).',
      action: 'Check the trusted IP list and the chat archive Secret.',
    },
    'errcode-45009': { explanation: 'API frequency limit reached.', action: 'Retrying after a delay.' },
    'errcode-45033': { explanation: 'Concurrent call limit reached.', action: 'Retrying after a delay.' },
    'errcode-301042': {
      explanation: 'The request IP is not in the whitelist.',
      action: 'Add this machine’s egress IP to the trusted IP list, or use a whitelisted proxy.',
    },
    'errcode-301052': {
      explanation: 'The chat archive service licence has expired.',
      action: 'Renew the 会话内容存档 service for this company.',
    },
    'errcode-301053': {
      explanation: 'The chat archive service is not enabled for this company.',
      action: 'Enable 会话内容存档 in the admin console.',
    },
    'errcode-301058': {
      explanation: 'The pull exceeded the size limit.',
      action: 'The batch limit was halved automatically; retrying.',
    },
    'host-crashed': {
      explanation: 'The SDK process crashed.',
      action: 'It was restarted automatically; the pull continues from the last stored message.',
    },
    'library-unavailable': {
      explanation: 'The WeCom SDK library could not be loaded.',
      action:
        'Check the SDK library path in the company settings: the file must exist, be an x86-64 ELF shared library and load.',
    },
    'malformed-response': {
      explanation: 'The SDK returned data that could not be read.',
      action: 'Retrying automatically.',
    },
    internal: {
      explanation: 'An unexpected error occurred.',
      action: 'See the logs; starting again continues from what is stored.',
    },
    generic: {
      explanation: 'The pull failed ({{kind}}).',
      action: 'See the technical details; starting again continues from what is stored.',
    },
  },
  apiError: {
    'invalid-request': 'Invalid request: {{message}}',
    'forbidden-sender': 'Refused: the request did not come from the app’s own page.',
    'not-found': 'Not found (it may have been removed).',
    'corp-invalid': 'The company settings are not valid; check the marked field.',
    'key-invalid': 'The private key is not valid.',
    'key-mismatch':
      'This key does not decrypt this company’s messages of that version: it is not the private key for this publickey_ver.',
    'library-unavailable': 'The WeCom SDK library could not be loaded: {{message}}',
    'sdk-error': 'The SDK returned error {{code}}.',
    'api-error': 'WeCom answered errcode {{code}}.',
    'host-crashed': 'The SDK process crashed; try again.',
    'pull-running': 'A pull is already running for this company.',
    'secret-required':
      'Enter the Secret (and the proxy password) again: the API base URL, proxy or SDK library changed, and a stored secret never goes to a new destination.',
    'library-unconfirmed':
      'The SDK library must be chosen and confirmed first (“Choose library…”), in the app’s own dialog or with the code printed in its terminal.',
    'library-changed':
      'The SDK library file changed on disk since you confirmed it (its SHA-256 differs), so it was not loaded and the pull stopped. If the change is expected, confirm the file again in Settings.',
    'confirmation-invalid': 'The confirmation is wrong, already used or expired; start again.',
    'open-refused-type': 'This file type can run programs; it was not opened.',
    'app-locked': 'The app is locked; unlock it with your passphrase first.',
    'lock-refused': 'The app lock refused this: {{message}}',
    internal: 'An internal error occurred; the details are in the app’s log.',
    connectionLost: 'The connection to the app back end was lost. Try again in a moment.',
  },
  settings: {
    title: 'Settings',
    secretStorageWarningTitle: 'Secrets are kept in a plain file',
    secretStorageWarning:
      'The browser shell has no OS keyring: the chat archive Secret, proxy credentials and private keys are kept unencrypted in {{location}}, readable only by you (mode 0600). Make sure nobody else uses this computer account.',
    corps: {
      title: 'Companies',
      add: 'Add a company',
      empty: 'No company added yet.',
      name: 'Name',
      corpid: 'Corp ID',
      keys: 'Keys',
      schedule: 'Schedule',
      actions: 'Actions',
      demo: 'demo',
      everyMinutes: 'every {{minutes}} min',
      manual: 'manual',
      removeConfirm: 'Remove “{{name}}”? The archive stored on this computer is kept.',
      removeFailed: 'Could not remove it: {{message}}',
    },
    form: {
      titleNew: 'Add a company',
      titleEdit: 'Edit “{{name}}”',
      corpid: 'Corp ID (corpid)',
      corpidHint: 'Admin console: 我的企业 → 企业信息.',
      name: 'Name',
      secret: 'Chat archive Secret',
      secretHint: '管理工具 → 会话内容存档 → Secret. Write-only: it is never shown.',
      stored: 'stored — leave blank to keep it',
      contactSecret: 'Customer contact Secret (optional)',
      contactSecretHint: 'Used to show the names of external contacts and customer groups.',
      clearStored: 'Delete the stored value',
      libraryPath: 'SDK library path',
      libraryPathHint: 'Absolute path of libWeWorkFinanceSdk_C.so, e.g. /opt/wecom/libWeWorkFinanceSdk_C.so.',
      libraryPathDemo: 'The demo company uses the bundled SDK stand-in.',
      chooseLibrary: 'Choose library…',
      confirmLibrary: 'Confirm library',
      libraryConfirmed: 'Confirmed — SHA-256 {{sha256}}',
      libraryNotConfirmed: 'Not confirmed yet: choose the library and confirm it before saving.',
      libraryCode: 'Confirmation code from the terminal',
      libraryCodeHint:
        'The app printed the path, its SHA-256 and a one-time code in the terminal it was started from. Type the code only if that is the file you chose.',
      libraryCodeSubmit: 'Confirm code',
      libraryCodeFor: 'Waiting for the code for {{path}} (SHA-256 {{sha256}}).',
      destinationHint:
        'Changing the API base URL, proxy or library requires entering the Secret (and the proxy password) again.',
      proxyUrl: 'Proxy (optional)',
      proxyUrlHint:
        'When this machine’s IP is not in the trusted IP list, e.g. socks5://10.0.0.1:1080 or http://10.0.0.1:8080.',
      proxyCredentials: 'Proxy credentials (optional)',
      proxyCredentialsHint: 'Written user:password. Write-only: never shown.',
      timeoutSec: 'Timeout (seconds)',
      batchLimit: 'Batch limit',
      batchLimitHint: '1–1000; halved automatically when a pull is too large (301058).',
      apiBaseUrl: 'API base URL',
      apiBaseUrlHint: 'Only the official https://qyapi.weixin.qq.com (the demo uses its local emulator).',
      schedule: 'Pull schedule',
      scheduleManual: 'Manual only',
      scheduleEvery: 'Every',
      scheduleMinutes: 'Interval (minutes)',
      scheduleHint:
        'Pulls at this interval while the app runs. WeCom keeps only 3–5 days: at least hourly is advised.',
      save: 'Save',
      saved: 'Saved.',
      saveFailed: 'Could not save: {{message}}',
      required: 'Required.',
      integerRange: 'Enter a whole number from {{min}} to {{max}}.',
    },
    fieldError: {
      corpid: 'The corp ID may contain only letters, digits, “-” and “_”, and must not be configured twice.',
      name: 'Enter a name.',
      secret: 'Enter the chat archive Secret.',
      libraryPath: 'The SDK library path must be absolute and name the vendor libWeWorkFinanceSdk_C.so.',
      proxyUrl: 'The proxy must look like socks5://host:port or http://host:port.',
      proxyCredentials: 'Proxy credentials must be written user:password.',
      apiBaseUrl: 'The API base URL must be the official WeCom host https://qyapi.weixin.qq.com.',
      secretAgain: 'Enter it again: the API base URL, proxy or SDK library changed.',
      timeoutSec: 'The timeout must be 1–600 seconds.',
      batchLimit: 'The batch limit must be 1–1000.',
      scheduleMinutes: 'The interval must be 5–1440 minutes.',
      id: 'This company no longer exists.',
      generic: 'This field is not valid.',
      detail: {
        'corpid-format':
          'A WeCom corp ID is “ww” or “wx” followed by 16 hexadecimal characters (e.g. ww0123456789abcdef). Copy it from the admin console: My Company → Company Information.',
        'corpid-duplicate': 'This corp ID is already configured as another company.',
        'library-missing': 'The SDK library file does not exist or cannot be read. Choose the file again.',
        'library-not-file': 'The SDK library path names a folder or device, not a file.',
        'library-not-elf':
          'This file is not a Linux shared library (ELF). Choose the vendor’s libWeWorkFinanceSdk_C.so from the Linux SDK package.',
        'library-wrong-arch':
          'This library is built for another processor (or is 32-bit). The app needs the 64-bit x86-64 libWeWorkFinanceSdk_C.so.',
        'library-exports':
          'This library lacks functions of the WeCom Finance SDK, so it is not the vendor’s libWeWorkFinanceSdk_C.so (or is a damaged copy).',
      },
    },
    keys: {
      title: 'Private keys',
      hint: 'Every public key upload in the admin console creates a new key version (publickey_ver). Keep and import the private key of every version still inside the retention window.',
      none: 'No private key imported yet.',
      version: 'Version',
      fingerprint: 'Fingerprint',
      verified: 'Verified',
      importedAt: 'Imported',
      actions: 'Actions',
      verifiedYes: 'verified',
      verifiedNo: 'not verified yet',
      present: 'key v{{version}}: present',
      missing: 'key v{{version}}: missing — {{count}} messages wait for it',
      removeConfirm:
        'Remove the v{{version}} private key? Messages of that version arriving later cannot be decrypted until it is imported again.',
      removeFailed: 'Could not remove the key: {{message}}',
    },
    keyImport: {
      title: 'Import a private key',
      version: 'Key version (publickey_ver)',
      file: 'Read from a file',
      paste: 'or paste the private key',
      pasteHint:
        'PEM (PKCS#1 or PKCS#8), or the base64 body without the BEGIN/END lines. The key goes only to this computer’s back end and is never shown.',
      button: 'Import',
      success: 'The v{{version}} private key was imported (fingerprint {{fingerprint}}).',
      successVerified:
        'The v{{version}} private key was imported and proven on a stored message (fingerprint {{fingerprint}}).',
      versionInvalid: 'The version must be a whole number of at least 1.',
      empty: 'Choose a key file or paste the key.',
      fileFailed: 'The file could not be read.',
      detail: {
        empty: 'The private key is empty.',
        'encrypted-key': 'The private key is password-protected; export it without a passphrase.',
        'public-key': 'This is a public key; import the matching private key.',
        certificate: 'This is a certificate, not a private key.',
        'not-base64': 'The key body is not base64 text.',
        unparseable: 'The key could not be read (damaged BEGIN/END lines, or neither PKCS#1 nor PKCS#8).',
        'not-rsa': 'This is not an RSA key.',
        'not-2048': 'WeCom uses RSA-2048 keys; this key has another size.',
        'not-pem': 'The key format was not recognised.',
        generic: 'The private key is not valid.',
      },
    },
  },
  archive: {
    corp: 'Company',
    removedCorp: 'Removed company ({{id}})',
    empty: 'The local archive has no messages yet.',
    emptyAction: 'Go to Pull',
    stats: {
      messages: 'Messages',
      conversations: 'Conversations',
      seqRange: 'Seq range',
      timeRange: 'Time range',
      cursor: 'Stored up to seq',
      byStatus: 'By status',
      byType: 'By message type',
      type: 'Type',
      count: 'Count',
    },
    table: {
      caption: 'Latest messages',
      title: 'Latest messages',
      time: 'Time',
      seq: 'Seq',
      sender: 'Sender',
      chat: 'Chat',
      type: 'Type',
      status: 'Status',
      newest: 'Newest',
      newer: 'Newer',
      older: 'Older',
      hint: 'Newest seq first; select a row to see its raw JSON.',
    },
    status: {
      ok: 'decrypted',
      'missing-key': 'missing key v{{version}}',
      'decrypt-failed': 'decryption failed',
      'sdk-crash': 'SDK crashed',
      'malformed-envelope': 'malformed envelope',
    },
    chatKind: {
      group: 'group',
      single: 'single',
      system: 'system',
    },
    detail: {
      title: 'Raw message',
      rawHint:
        'The JSON as the WeCom SDK decrypted it: every value exactly as written, laid out for reading; hidden characters are shown as <U+…>.',
      notDecrypted: 'This message is not decrypted yet.',
      failure: 'Reason: {{stage}} — {{message}}',
      invalidUtf8:
        'The SDK returned bytes that are not valid UTF-8: the text above shows them as �; the exact bytes (base64) are kept as evidence below.',
      crashCount:
        'The SDK process crashed {{count}} times decrypting this message; it is tried again after a key import or an SDK update.',
      envelopeRaw: 'The item exactly as GetChatData returned it (it cannot be decrypted):',
      envelopeKept:
        'The encrypted message is kept (key version v{{version}}); it is decrypted automatically once that private key is imported.',
      msgid: 'Message id',
    },
    unknownTime: 'unknown',
  },
  rules: rulesEn.rules,
  alerts: rulesEn.alerts,
};
