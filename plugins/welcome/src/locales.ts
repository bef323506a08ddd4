/** The default greeting in zh-CN and en-US (a welcome template: its placeholders are the template's). */
import type { CatalogueOf } from '@cqkit/core';

export interface WelcomeMessages {
  /** The greeting used when the config sets no `text`. */
  'welcome.default': { at: string; name: string; user: string; group: string; groupName: string };
}

declare module '@cqkit/core' {
  interface Messages extends WelcomeMessages {}
}

export const welcomeLocales = {
  'zh-CN': { 'welcome.default': '欢迎 {at} 加入本群！' },
  'en-US': { 'welcome.default': 'Welcome {at}!' },
} as const satisfies Record<'zh-CN' | 'en-US', CatalogueOf<WelcomeMessages>>;

/** Parameters that leave each placeholder as written, so the catalogue's text comes back as a template. */
export const asTemplate: WelcomeMessages['welcome.default'] = { at: '{at}', name: '{name}', user: '{user}', group: '{group}', groupName: '{groupName}' };
