/** The runtime description of one action (generated into actionTable from the catalogue). */
export type ParamType = 'number' | 'string' | 'boolean' | 'message' | 'object' | 'array' | 'string|number';

export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  /** Integer width the originals give: int16, int32, int64, float. */
  readonly format?: 'int16' | 'int32' | 'int64' | 'float';
  readonly required: boolean;
  /** Value used when the parameter is omitted; absent when there is none. */
  readonly default?: unknown;
}

/**
 * How an action affects the world, which decides how it is scheduled:
 * `send` posts content to a chat, `write` changes state (admin actions, requests, recalls),
 * `read` only asks, `system` acts on the server itself.
 */
export type ActionEffect = 'send' | 'write' | 'read' | 'system';

/** What a per-target rate limit keys on, taken from the action's parameters. */
export type ActionTarget = 'group' | 'discuss' | 'user' | 'message';

export interface ActionSpec {
  readonly name: string;
  /** Catalogue group: message, group-admin, request, info, credentials, media, system, hidden/experimental. */
  readonly group: string;
  /** public, experimental (`_` names), hidden (`.` names), extension (go-cqhttp). */
  readonly tier: 'public' | 'experimental' | 'hidden' | 'extension';
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  /** Older parameter names accepted for a current one: `{ is_raw: 'auto_escape' }`. */
  readonly paramAliases: Readonly<Record<string, string>>;
  /** Other names of the action itself (e.g. `.ocr_image`). */
  readonly nameAliases: readonly string[];
  readonly responseKind: 'null' | 'object' | 'array';
  readonly effect: ActionEffect;
  readonly sendsMessage: boolean;
  readonly changesGroup: boolean;
  /** Static target; null when none, or decided per call (send_msg, send_forward_msg). */
  readonly target: ActionTarget | null;
  /** Dialects offering the action: cqhttp-v3, cqhttp-v4, onebot11, go-cqhttp. */
  readonly dialects: readonly string[];
}
