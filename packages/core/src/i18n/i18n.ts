/**
 * Translations: catalogues by locale, the app's locale, hooks that choose another locale for a
 * group or a user, and `text(key, params, locale)` with the fallback chain
 * requested locale -> en-US -> the key itself. Provided to every plugin as the `i18n` service
 * (`ctx.i18n`); `session.text()` asks it with the session's locale.
 */
import type { Session } from '../session.js';
import type { Disposer } from '../types.js';
import { formatTemplate } from './format.js';
import type { Catalogue, MessageKey, Messages, ParamsArg, Template } from './messages.js';

declare module '../services.js' {
  interface Services {
    /** Translations (core provides it): catalogues, the app's locale, per-session locale hooks. */
    i18n: I18n;
  }
}

export const DEFAULT_LOCALE = 'zh-CN';
export const FALLBACK_LOCALE = 'en-US';

/** Chooses a locale for a session (e.g. one group speaks English); undefined leaves it to the next hook or the app. */
export type LocaleResolver = (session: Session) => string | undefined;

export class I18n {
  /** Catalogues by locale, each a stack of definitions (the newest wins, withdrawing one reveals the older). */
  private readonly catalogues = new Map<string, Catalogue[]>();
  private readonly resolvers: LocaleResolver[] = [];

  constructor(
    /** The app's locale (config `locale`). */
    readonly locale: string = DEFAULT_LOCALE,
  ) {}

  /** Add texts for a locale; the disposer withdraws exactly these. */
  define(locale: string, messages: Catalogue): Disposer {
    let stack = this.catalogues.get(locale);
    if (!stack) {
      stack = [];
      this.catalogues.set(locale, stack);
    }
    stack.push(messages);
    return () => {
      const at = stack.indexOf(messages);
      if (at >= 0) stack.splice(at, 1);
    };
  }

  /** Choose locales per session (a group's or a user's setting); the first hook with an answer wins. */
  resolveWith(resolver: LocaleResolver): Disposer {
    this.resolvers.push(resolver);
    return () => {
      const at = this.resolvers.indexOf(resolver);
      if (at >= 0) this.resolvers.splice(at, 1);
    };
  }

  /** The locale for this session: the hooks', else the app's. */
  localeOf(session: Session | undefined): string {
    if (session) {
      for (const resolver of this.resolvers) {
        const locale = resolver(session);
        if (locale) return locale;
      }
    }
    return this.locale;
  }

  /** Locales with at least one catalogue. */
  get locales(): string[] {
    return [...this.catalogues.keys()].filter((l) => (this.catalogues.get(l)?.length ?? 0) > 0);
  }

  /** The template for `key` in `locale` alone (no fallback), or undefined. */
  template<K extends MessageKey>(locale: string, key: K): Template<Messages[K]> | undefined {
    const stack = this.catalogues.get(locale);
    if (!stack) return undefined;
    for (let i = stack.length - 1; i >= 0; i--) {
      const found = stack[i]![key];
      if (found !== undefined) return found as Template<Messages[K]>;
    }
    return undefined;
  }

  /** True when `key` has a text in `locale` or in the fallback locale. */
  has(key: MessageKey, locale: string = this.locale): boolean {
    return this.template(locale, key) !== undefined || this.template(FALLBACK_LOCALE, key) !== undefined;
  }

  /** The text of `key` in `locale` (default the app's), else in en-US, else the key itself. */
  text<K extends MessageKey>(key: K, params?: Messages[K], locale: string = this.locale): string {
    const template = this.template(locale, key) ?? this.template(FALLBACK_LOCALE, key);
    if (template === undefined) return key;
    return formatTemplate(template, params ?? ({} as Messages[K]));
  }

  /** `text()` for a session: its locale (hooks, then the app's). */
  textFor<K extends MessageKey>(session: Session | undefined, key: K, ...params: ParamsArg<K>): string {
    return this.text(key, params[0], this.localeOf(session));
  }
}
