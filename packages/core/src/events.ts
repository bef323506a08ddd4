/** Typed event names: one per catalogue event name (handlers get a Session) plus core events. */
import type { EventNameMap } from '@cqkit/protocol';
import type { Bot, SendFailure } from './bot.js';
import type { Session } from './session.js';

export type SessionEventName = keyof EventNameMap;

export type SessionEvents = {
  [K in SessionEventName]: (session: Session<EventNameMap[K]>) => unknown;
};

export interface PluginErrorReport {
  plugin: string;
  /** Where it happened: an event name, `middleware`, `command echo`, `timer`, `apply`, `dispose`… */
  event: string;
  error: unknown;
}

export interface CoreEvents {
  /** The app started (or, for a plugin loaded later, right after it loaded). */
  ready: () => unknown;
  /** This plugin is being unloaded or the app is stopping. */
  dispose: () => unknown;
  /** A send or write failed (after any transport-level handling); never retried by the core. */
  'send/failed': (failure: SendFailure) => unknown;
  'bot/added': (bot: Bot) => unknown;
  'bot/removed': (bot: Bot) => unknown;
  /** A service was provided (`ctx.provide`); plugins waiting on it have been started. */
  'service/added': (name: string) => unknown;
  /** A service was withdrawn; plugins that needed it have been stopped. */
  'service/removed': (name: string) => unknown;
  /** A plugin threw; already logged and counted. */
  'plugin/error': (report: PluginErrorReport) => unknown;
}

/** Every event a context can listen to. Extend it by declaration merging for custom events. */
export interface Events extends SessionEvents, CoreEvents {}

export type EventName = keyof Events;

const sessionRoots: ReadonlySet<string> = new Set(['message', 'notice', 'request', 'meta_event']);

/** True for names whose payload is a Session (filters apply to these). */
export function isSessionEventName(name: string): boolean {
  const slash = name.indexOf('/');
  return sessionRoots.has(slash === -1 ? name : name.slice(0, slash));
}
