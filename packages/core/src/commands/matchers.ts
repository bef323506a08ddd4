/** Keyword and regex matchers: checked against the message text when no command matched. */
import type { Session } from '../session.js';
import type { Awaitable, HandlerResult } from '../types.js';

export type KeywordHandler = (session: Session) => Awaitable<HandlerResult>;
export type RegexHandler = (session: Session, match: RegExpExecArray) => Awaitable<HandlerResult>;

export interface Matcher {
  plugin: string;
  filter: ((session: Session) => boolean) | null;
  /** Returns the handler's call when the text matches, else undefined. */
  test(session: Session): (() => Awaitable<HandlerResult>) | undefined;
}

export function keywordMatcher(keywords: readonly string[], handler: KeywordHandler, plugin: string, filter: Matcher['filter']): Matcher {
  const words = keywords.filter((k) => k.length > 0);
  return {
    plugin,
    filter,
    test(session) {
      const text = session.plainText;
      for (const word of words) if (text.includes(word)) return () => handler(session);
      return undefined;
    },
  };
}

export function regexMatcher(pattern: RegExp, handler: RegexHandler, plugin: string, filter: Matcher['filter']): Matcher {
  // A private copy without g/y, so exec has no lastIndex state shared across events.
  const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
  return {
    plugin,
    filter,
    test(session) {
      const m = re.exec(session.plainText);
      return m ? () => handler(session, m) : undefined;
    },
  };
}
