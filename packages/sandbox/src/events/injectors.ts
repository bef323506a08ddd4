/**
 * Things simulated people do: speak, join, leave, get muted, upload, poke, recall, ask. Each changes
 * the world like QQ would and publishes the matching event. Misuse (a group the account is not in, a
 * user who is not a member) throws a SandboxUsageError naming the problem; the world stays unchanged.
 */
export { SandboxTimeoutError, SandboxUsageError } from './inject/common.js';
export { type BanOptions, ban, type JoinOptions, join, type LeaveOptions, leave } from './inject/membership.js';
export { clientStatus, honor, luckyKing, offlineFile, type PokeOptions, poke, recall, type UploadOptions, upload } from './inject/notices.js';
export { friendRequest, groupRequest } from './inject/requests.js';
export { type SayOptions, say } from './inject/say.js';
