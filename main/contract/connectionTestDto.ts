/**
 * What **Settings → Test connection** found, step by step (docs/wecom-sdk.md §1.3, §2, §6.1): the SDK
 * library loaded and `Init` stored the credentials, one `GetChatData` with limit 1 reached WeCom (the
 * first call that checks the secret and the trusted IP list), and one `gettoken` with the same secret
 * (the name look-ups need it). A step after a failed prerequisite is `skipped`.
 */
export type ConnectionStepName = 'init' | 'chat-data' | 'access-token';

export interface ConnectionStepDto {
  step: ConnectionStepName;
  outcome: 'ok' | 'failed' | 'skipped';
  /**
   * The classification key the UI explains in zh-CN/en — the pull's (`sdk-10009`, `errcode-40001`,
   * `library-unavailable`, `host-crashed`) or `token-errcode-<n>` / `token-network` for gettoken.
   */
  kind: string | null;
  /** English detail for the log and the details view; never a secret or a token. */
  message: string;
  durationMs: number;
}

export interface ConnectionTestDto {
  corpId: string;
  at: number;
  steps: ConnectionStepDto[];
}

/** Whether main showed an OS notification (Electron); `false` tells the renderer to use the Web API. */
export interface NotificationShownDto {
  shown: boolean;
}
