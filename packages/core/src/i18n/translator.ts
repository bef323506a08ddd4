/** A function that turns a key and its parameters into text: `session.text`, or core's English default. */
import { coreEnUS } from './core-catalogues.js';
import { formatTemplate } from './format.js';
import type { MessageKey, Messages, ParamsArg, Template } from './messages.js';

export type Translator = <K extends MessageKey>(key: K, ...params: ParamsArg<K>) => string;

/** Core's English texts, for code that has no session (tests, `command.usage()` called alone). */
export const englishText: Translator = (key, ...params) => {
  const template = (coreEnUS as Partial<Record<MessageKey, Template<never>>>)[key] as Template<Messages[typeof key]> | undefined;
  return template === undefined ? key : formatTemplate(template, (params[0] ?? {}) as Messages[typeof key]);
};
