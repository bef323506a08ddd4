/** What the bot did in answer to one injected event. */
import type { PluginErrorReport, SendFailure } from '@cqkit/core';
import type { ExecutedAction, OutboxEntry } from '@cqkit/sandbox';

/** A message the bot sent, as the sandbox recorded it (target, segments, text, CQ string, origin). */
export type SentMessage = OutboxEntry;

/** An action the sandbox executed for the bot (its HTTP calls and the quick operations it answered with). */
export type PerformedAction = ExecutedAction;

/** Something that went wrong inside the bot: a plugin threw, or a send/write failed. */
export type BotProblem = { kind: 'plugin-error'; report: PluginErrorReport } | { kind: 'send-failed'; failure: SendFailure };

export interface Answer {
  /** The messages the bot sent, in order. */
  readonly messages: readonly SentMessage[];
  /** The text of every message (CQ codes left out), joined with newlines. */
  readonly text: string;
  /** Every message as a CQ-code string, joined with newlines. */
  readonly raw: string;
  /** Every action the sandbox executed for the bot meanwhile (sends, quick operations, reads, writes). */
  readonly actions: readonly PerformedAction[];
  /** Plugin exceptions and failed sends meanwhile (the bot keeps running; a test can assert on them). */
  readonly problems: readonly BotProblem[];
  /** The names of the actions, a quick way to assert what happened: `['set_friend_add_request']`. */
  readonly actionNames: readonly string[];
}

export interface MessageAnswer extends Answer {
  /** The message_id of the injected message. */
  readonly messageId: number;
}

export interface RequestAnswer extends Answer {
  /** The flag of the injected request (what set_*_add_request is called with). */
  readonly flag: string;
}

export function answerOf(messages: SentMessage[], actions: PerformedAction[], problems: BotProblem[]): Answer {
  return {
    messages,
    text: messages.map((m) => m.text).join('\n'),
    raw: messages.map((m) => m.raw_message).join('\n'),
    actions,
    problems,
    actionNames: actions.map((a) => a.action),
  };
}
