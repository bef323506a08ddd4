/** What help says to QQ users, in zh-CN and en-US (both complete: `CatalogueOf` checks every key). */
import type { CatalogueOf } from '@cqkit/core';

type None = Record<string, never>;

export interface HelpMessages {
  'commands.help.description': None;
  'help.header': None;
  'help.none': None;
  'help.footer': { prefix: string };
  'help.restricted': { level: string };
  'help.not-found': { query: string; prefix: string };
}

declare module '@cqkit/core' {
  interface Messages extends HelpMessages {}
}

export const helpLocales = {
  'zh-CN': {
    'commands.help.description': '列出全部命令，或查看某个命令的用法',
    'help.header': '可用命令：',
    'help.none': '（无）',
    'help.footer': '发送 {prefix}help <命令> 查看用法。',
    'help.restricted': '（需要{level}权限）',
    'help.not-found': '没有命令 "{query}"，发送 {prefix}help 查看全部命令',
  },
  'en-US': {
    'commands.help.description': 'list the commands, or show how to use one',
    'help.header': 'Commands:',
    'help.none': '(none)',
    'help.footer': '{prefix}help <command> shows how to use one.',
    'help.restricted': ' ({level})',
    'help.not-found': 'no command "{query}"; {prefix}help lists them',
  },
} as const satisfies Record<'zh-CN' | 'en-US', CatalogueOf<HelpMessages>>;
