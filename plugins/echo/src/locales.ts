/** echo's command description in zh-CN and en-US (shown by /help). */
import type { CatalogueOf } from '@cqkit/core';

export interface EchoMessages {
  'commands.echo.description': Record<string, never>;
}

declare module '@cqkit/core' {
  interface Messages extends EchoMessages {}
}

export const echoLocales = {
  'zh-CN': { 'commands.echo.description': '把这段文字原样发回来' },
  'en-US': { 'commands.echo.description': 'say the text back' },
} as const satisfies Record<'zh-CN' | 'en-US', CatalogueOf<EchoMessages>>;
