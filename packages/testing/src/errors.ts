/** Errors of @cqkit/testing: each message says what happened and what the test can do about it. */

/** `bot.receive()` finished but the bot sent no message. */
export class NoAnswerError extends Error {
  static readonly code = 'CQKIT_TEST_NO_ANSWER';
  readonly code = NoAnswerError.code;
  override readonly name = 'NoAnswerError';
}

/** The bot was still busy when the answer timeout passed. */
export class AnswerTimeoutError extends Error {
  static readonly code = 'CQKIT_TEST_ANSWER_TIMEOUT';
  readonly code = AnswerTimeoutError.code;
  override readonly name = 'AnswerTimeoutError';
}

/** The test bot was used after `stop()`, or started wrongly. */
export class TestBotStateError extends Error {
  static readonly code = 'CQKIT_TEST_BOT_STATE';
  readonly code = TestBotStateError.code;
  override readonly name = 'TestBotStateError';
}
