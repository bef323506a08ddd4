/**
 * The message catalogue's keys and their parameters. Core's own keys are in `CoreMessages`; a plugin
 * adds its keys by declaration merging, so `session.text(key, params)` checks both:
 *
 *   declare module '@cqkit/core' {
 *     interface Messages { 'dice.rolled': { sides: number; value: number } }
 *   }
 *
 * A key whose parameter object is `{}` takes none.
 */

/** No parameters. */
type None = Record<string, never>;

/** What cqkit itself says to QQ users. */
export interface CoreMessages {
  'core.permission-denied': { command: string; level: string };
  'core.level.member': None;
  'core.level.admin': None;
  'core.level.owner': None;
  'core.level.superuser': None;
  'core.usage-line': { synopsis: string };
  'core.options-line': { options: string };
  'core.usage.aliases': { aliases: string };
  'core.usage.permission': { level: string };
  'core.usage.options': None;
  'core.usage.default': { value: string };
  'core.sub-commands': { command: string };
  'core.parse.unexpected-argument': { value: string };
  'core.parse.bad-argument': { argument: string; expected: string; value: string };
  'core.parse.missing-argument': { argument: string };
  'core.parse.unknown-option': { option: string };
  'core.parse.option-not-bundled': { option: string };
  'core.parse.option-needs-value': { option: string };
  'core.parse.bad-option': { option: string; expected: string; value: string };
  'core.type.number': None;
  'core.type.integer': None;
  'core.type.user': None;
  'core.unknown-command': { command: string; prefix: string };
  'core.unknown-command.closest': { command: string; closest: string };
  'core.hint': { prefix: string };
  'core.list-separator': None;
}

/** Every key: core's and the ones plugins merged in. */
export interface Messages extends CoreMessages {}

export type MessageKey = keyof Messages & string;

/** A text: a string with `{name}` placeholders, or a function of the parameters (plurals, lists). */
export type Template<P> = string | ((params: P) => string);

/** A catalogue for one locale: any of the keys. */
export type Catalogue = { readonly [K in MessageKey]?: Template<Messages[K]> };

/** A complete catalogue of the keys of `M` (a plugin's own interface): every key must be there. */
export type CatalogueOf<M> = { readonly [K in keyof M]: Template<M[K]> };

/** The `{name}` placeholders of a template string. */
export type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/**
 * `C` with every template string checked: a placeholder its key has no parameter for turns the entry
 * into an error message type, so `define()` does not compile.
 */
export type CheckedCatalogue<C> = {
  [K in keyof C]: K extends MessageKey
    ? C[K] extends string
      ? [Placeholders<C[K]>] extends [keyof Messages[K] & string]
        ? C[K]
        : `unknown placeholder {${Exclude<Placeholders<C[K]>, keyof Messages[K] & string>}} in ${K}`
      : C[K]
    : `unknown message key ${K & string}`;
};

/** The rest parameters of `text(key, ...)`: none needed when the key takes no parameters. */
export type ParamsArg<K extends MessageKey> = Record<string, never> extends Messages[K] ? [params?: Messages[K]] : [params: Messages[K]];
