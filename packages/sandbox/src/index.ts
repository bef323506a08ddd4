export { createSandbox, Sandbox, type SandboxOptions } from './sandbox.js';
export { SandboxOptionsError } from './options-check.js';
export { type Clock, ManualClock, realClock, type TimerHandle } from './clock.js';
export type { ActionCall, ActionHandler, ActionOutcome, ExecutedAction } from './core/action-server.js';
export { ActionServer } from './core/action-server.js';
export { coerceBool, coerceInt, type RawParams } from './core/params.js';
export type { Logger, LogLevel } from './core/state.js';
export { EventHub, type EventChannel, type EventListener, type MessageFormat, type PublishOptions } from './events/event-hub.js';
export { signBody, USER_AGENT } from './events/http-poster.js';
export {
  type BanOptions,
  type JoinOptions,
  type LeaveOptions,
  type PokeOptions,
  SandboxTimeoutError,
  SandboxUsageError,
  type SayOptions,
  type UploadOptions,
} from './events/injectors.js';
export { applyQuickOperation } from './events/quick-operation.js';
export { type AuthResult, authStatus, checkToken, presentedToken, tokensEqual } from './http/auth.js';
export type { CallOrigin, OutboxEntry } from './outbox.js';
export { defaultWorld } from './fixtures/default-world.js';
export { checkWorldShape, WorldFixtureError } from './world/fixture.js';
export { worldProblems } from './world/invariants.js';
export { emptyHonors, newGroup, newMember } from './world/records.js';
export type * from './world/types.js';
export { World } from './world/world.js';
export { startTerminalChat, type TerminalChat, type TerminalChatOptions } from './terminal-chat.js';
export * from './ws/index.js';
export { CliUsageError, parseCliArgs, type CliOptions, usage as cliUsage } from './cli/args.js';
export { type CliIo, type RunningCli, runCli, runCliProcess } from './cli/main.js';
export { type CliOptionKind, type CliOptionSpec, optionHelpLines, sandboxCliOptions } from './cli/option-table.js';
export { createHostCheck, type HostCheck, type HostGuardOptions, isLoopbackName } from './http/host-guard.js';
