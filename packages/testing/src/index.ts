export type { Answer, BotProblem, MessageAnswer, PerformedAction, RequestAnswer, SentMessage } from './answer.js';
export { AnswerTimeoutError, NoAnswerError, TestBotStateError } from './errors.js';
export { createTestBot, type From, type PluginEntry, TestBot, type TestBotOptions, type TestStore, type Timeout } from './test-bot.js';
/** One call the bot handed to its transport: core's call record. */
export type { RecordedCall as BotCall } from '@cqkit/core';
export { defaultWorld, type ExtraGroupOptions, makeGroup, worldWithGroups } from './world.js';
