/** Names, types and runtime helpers for actions, on top of the generated table. */
import { type ActionMap, actionTable } from './actions.generated.js';
import type { ActionSpec, ActionTarget } from './action-spec.js';

export type ActionName = keyof ActionMap;
export type ActionParams<N extends ActionName> = ActionMap[N]['params'];
export type ActionResult<N extends ActionName> = ActionMap[N]['result'];

/** Every action name of the catalogue, in catalogue order. */
export const actionNames = Object.keys(actionTable) as ActionName[];

const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * The method name of an action: camelCase of its name. A leading `_` (experimental actions) is kept,
 * so `_get_friend_list` -> `_getFriendList` stays apart from `get_friend_list` -> `getFriendList`;
 * a leading `.` (hidden actions) is dropped: `.handle_quick_operation` -> `handleQuickOperation`.
 */
export type MethodName<N extends string> = N extends `.${infer Rest}`
  ? CamelCase<Rest>
  : N extends `_${infer Rest}`
    ? `_${CamelCase<Rest>}`
    : CamelCase<N>;
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

export function methodName<N extends string>(action: N): MethodName<N> {
  if (action.startsWith('.')) return camel(action.slice(1)) as MethodName<N>;
  if (action.startsWith('_')) return `_${camel(action.slice(1))}` as MethodName<N>;
  return camel(action) as MethodName<N>;
}

export function isActionName(name: string): name is ActionName {
  return Object.hasOwn(actionTable, name);
}

export function actionSpec(name: string): ActionSpec | undefined {
  return isActionName(name) ? actionTable[name] : undefined;
}

interface PreparedDefaults {
  readonly aliases: ReadonlyArray<readonly [alias: string, current: string]>;
  readonly defaults: ReadonlyArray<readonly [name: string, value: unknown]>;
}

// Prepared once per action: applyDefaults runs on every call of the send path.
const prepared = new Map<string, PreparedDefaults>(
  Object.values(actionTable).map((spec) => [
    spec.name,
    {
      aliases: Object.entries(spec.paramAliases),
      defaults: spec.params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default] as const),
    },
  ]),
);

/**
 * Fill in the catalogue defaults for omitted parameters, and move older parameter names to their
 * current ones (`is_raw` -> `auto_escape`) unless the current one is given. Returns a new object.
 */
export function applyDefaults<N extends ActionName>(name: N, params: ActionParams<N>): ActionParams<N>;
export function applyDefaults(name: string, params: Record<string, unknown>): Record<string, unknown>;
export function applyDefaults(name: string, params: object): object {
  // Copied key by key, not with `{ ...params }`: V8 (Node 20) gives a spread copy a map without
  // transitions, so each key added to it afterwards (a default) builds a new map: about 5 µs and a
  // pile of garbage per call on the send path, against 0.15 µs this way.
  const out: Record<string, unknown> = {};
  for (const key in params) if (Object.hasOwn(params, key)) out[key] = (params as Record<string, unknown>)[key];
  // Symbol keys too, as a spread copies them: a caller may carry its own data along with the params
  // (the cluster's gateway does, to find a send's job again in its transport).
  for (const symbol of Object.getOwnPropertySymbols(params)) (out as Record<symbol, unknown>)[symbol] = (params as Record<symbol, unknown>)[symbol];
  const prep = prepared.get(name);
  if (!prep) return out;
  for (let i = 0; i < prep.aliases.length; i++) {
    const [alias, current] = prep.aliases[i]!;
    if (alias in out) {
      if (!(current in out)) out[current] = out[alias];
      delete out[alias];
    }
  }
  for (let i = 0; i < prep.defaults.length; i++) {
    const [key, value] = prep.defaults[i]!;
    if (out[key] === undefined) out[key] = value;
  }
  return out;
}

// Prepared once per action: missingParams also runs on every call.
const requiredNames = new Map<string, readonly string[]>(
  Object.values(actionTable).map((spec) => [spec.name, spec.params.filter((p) => p.required).map((p) => p.name)]),
);

/** Names of the required parameters that `params` lacks (undefined and null count as missing). */
export function missingParams(name: string, params: Record<string, unknown>): string[] {
  const missing: string[] = [];
  const required = requiredNames.get(name);
  if (!required) return missing;
  for (let i = 0; i < required.length; i++) {
    const key = required[i]!;
    if (params[key] === undefined || params[key] === null) missing.push(key);
  }
  return missing;
}

const targetKeys: Readonly<Record<ActionTarget, string>> = { group: 'group_id', discuss: 'discuss_id', user: 'user_id', message: 'message_id' };

export interface ActionTargetRef {
  kind: ActionTarget;
  id: number;
}

/**
 * The chat an action call acts on, for per-target rate limits: from the action's static target, or for
 * send_msg / send_forward_msg from message_type (else inferred like CQHTTP: group, discuss, then user).
 */
export function targetOf(name: string, params: Record<string, unknown>): ActionTargetRef | null {
  const spec = actionSpec(name);
  if (!spec) return null;
  let kind: ActionTarget | null = spec.target;
  if (kind === null && (name === 'send_msg' || name === 'send_forward_msg')) {
    const type = params.message_type;
    if (type === 'group' || type === 'discuss') kind = type;
    else if (type === 'private') kind = 'user';
    else if (params.group_id !== undefined) kind = 'group';
    else if (params.discuss_id !== undefined) kind = 'discuss';
    else if (params.user_id !== undefined) kind = 'user';
  }
  if (kind === null) return null;
  const id = Number(params[targetKeys[kind]]);
  return Number.isFinite(id) ? { kind, id } : null;
}

export { actionTable };
export type { ActionMap };
