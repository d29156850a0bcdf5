import type { AuditMessages } from './audit.zh-CN';

/** Reviewer identity and audit trail strings (issue 11); typed against zh-CN. */
export const auditEn: AuditMessages = {
  navLabel: 'Audit',
  reviewer: {
    dialogTitle: 'Who is reviewing?',
    dialogIntro:
      'The app records every view, search and settings change in the audit trail with the reviewer’s name. On a shared workstation, switch the reviewer from the header.',
    name: 'Name',
    employeeId: 'Employee ID (optional)',
    save: 'Start reviewing',
    cancel: 'Cancel',
    current: 'Reviewer: {{name}}',
    unnamed: 'Unnamed reviewer',
    switch: 'Switch reviewer',
    switchTitle: 'Switch reviewer',
    problem: {
      'name-required': 'Enter your name.',
      'name-too-long': 'The name can have at most 100 characters.',
      'employee-id-too-long': 'The employee ID can have at most 64 characters.',
    },
  },
  audit: {
    title: 'Audit trail',
    intro:
      'Each entry holds the time, reviewer, action, target and what changed, and is chained to the previous one by SHA-256; entries are only appended, never changed or deleted. The chain head is also kept in the main process’s data folder.',
    empty: 'No audit entries yet.',
    noMatch: 'No entry matches the filters.',
    filters: 'Filters',
    reviewer: 'Reviewer',
    action: 'Action',
    from: 'From',
    to: 'To',
    all: 'All',
    clear: 'Clear filters',
    columns: {
      seq: 'Seq',
      time: 'Time',
      reviewer: 'Reviewer',
      action: 'Action',
      target: 'Target',
      change: 'Change',
    },
    page: 'Page {{page}} of {{pages}} ({{count}} entries)',
    previous: 'Previous',
    next: 'Next',
    verify: 'Verify trail',
    verifying: 'Verifying…',
    export: 'Export (JSON Lines)',
    exported: 'Exported: {{files}}',
    exportHint:
      'One entry per line in its canonical form: JSON with keys sorted at every depth, no whitespace, UTF-8; hash is the SHA-256 of that form without the hash field. See docs/audit-trail.md to verify it.',
    result: {
      intact:
        'The trail is intact: {{count}} entries, no broken link, and it matches the head main recorded (entry {{seq}}). Checked in {{ms}} ms.',
      intactNoHead:
        'The chain is intact: {{count}} entries. Main has recorded no head yet, so a removed tail cannot be checked.',
      headBehind:
        'Main’s recorded head stops at entry {{seq}} (later appends could not reach main, e.g. while the connection was down).',
      headError: 'Main’s head could not be read: {{message}}',
      broken: 'The trail was tampered with: the first broken link is at entry {{seq}} — {{kind}}',
      kind: {
        edited: 'its content no longer matches its hash (the entry was edited).',
        'broken-link':
          'its prevHash is not the previous entry’s hash (the previous entry was replaced, or entries reordered).',
        missing: 'no entry has this seq (an entry in the middle was deleted).',
        'out-of-order': 'a seq repeats or entries are out of order.',
        malformed: 'the entry is incomplete.',
        truncated: 'the trail ends before the head main recorded (its tail was deleted).',
        'head-mismatch': 'the entry at this seq has another hash than the head main recorded.',
      },
    },
    actions: {
      'reviewer.changed': 'Reviewer changed',
      'conversation.viewed': 'Conversation viewed',
      'search.performed': 'Search performed',
      'key.imported': 'Key imported',
      'key.removed': 'Key removed',
      'corp.saved': 'Corp saved',
      'corp.removed': 'Corp removed',
      'pull.started': 'Pull started',
      'pull.continued-after-gap': 'Continued from the oldest retained message (gap recorded)',
      'trail.exported': 'Audit trail exported',
      'mark.added': 'Mark added',
      'mark.changed': 'Mark changed',
      'mark.removed': 'Mark removed',
      'tag.changed': 'Tag defined or recoloured',
      'note.edited': 'Note edited',
      'review.state-changed': 'Review state changed',
      'case.created': 'Case created',
      'case.changed': 'Case changed',
      'case.item-added': 'Added to case',
      'case.item-removed': 'Removed from case',
    },
  },
};
