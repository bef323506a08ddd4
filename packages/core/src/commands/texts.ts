/**
 * Every text the commands service answers a user with, in one place, so a translation can replace
 * this table as a whole (the words, not the formatting of declarations such as `<n:integer>`).
 */
export const commandTexts = {
  permissionDenied: (command: string, level: string) => `permission denied: ${command} needs ${level}`,
  hasSubCommands: (head: string) => `${head} has sub-commands:`,
  aliases: (list: string) => `aliases: ${list}`,
  permission: (level: string) => `permission: ${level}`,
  options: 'options:',
  optionDefault: (value: string) => `(default ${value})`,
  usageLine: (synopsis: string) => `usage: ${synopsis}`,
  optionsLine: (list: string) => `options: ${list}`,
  unexpectedArgument: (value: string) => `unexpected argument "${value}"`,
  badArgument: (arg: string, expected: string, value: string) => `argument ${arg} must be ${expected}, got "${value}"`,
  missingArgument: (arg: string) => `missing argument ${arg}`,
  unknownOption: (option: string) => `unknown option ${option}`,
  bundledValueOption: (letter: string) => `option -${letter} takes a value and cannot be bundled`,
  optionNeedsValue: (option: string) => `option ${option} needs a value`,
  badOptionValue: (option: string, expected: string, value: string) => `option ${option} must be ${expected}, got "${value}"`,
  expectedNumber: 'a number',
  expectedInteger: 'a whole number',
  expectedUser: 'a user (@mention or QQ number)',
};

/** The shape a replacement table (a translation) must have. */
export type CommandTexts = typeof commandTexts;
