/**
 * The Lua scripts that make each step of a send atomic. They run with EVAL every time (Redis caches
 * them by digest): EVALSHA's NOSCRIPT fallback would re-send a script after later commands, and a
 * worker relies on its commands reaching Redis in the order it issued them.
 */
import type { Redis } from 'ioredis';

/**
 * Worker: submit a send under its idempotency key.
 * KEYS: idem, waiters, calls stream. ARGV: waiter, ttl ms, then the entry's field/value pairs.
 * -> {'done', result} | {'new', entryId} | {'dup', entryId}
 */
const submit = `
local result = redis.call('HGET', KEYS[1], 'result')
if result then return {'done', result} end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
local entry = redis.call('HGET', KEYS[1], 'entry')
if entry then return {'dup', entry} end
local id = redis.call('XADD', KEYS[3], '*', unpack(ARGV, 3))
redis.call('HSET', KEYS[1], 'entry', id)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {'new', id}
`;

/**
 * Gateway, at the moment a send goes to the implementation: check the lease (fencing), then mark
 * the send started. KEYS: idem, lease. ARGV: lease value, ttl ms.
 * -> {'run'} | {'done', result} | {'uncertain'} | {'lost'}
 */
const begin = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return {'lost'} end
local result = redis.call('HGET', KEYS[1], 'result')
if result then return {'done', result} end
if redis.call('HSETNX', KEYS[1], 'started', ARGV[1]) == 0 then return {'uncertain'} end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {'run'}
`;

/**
 * Gateway: record a send's outcome, answer everyone waiting for it, and take the entry off the outbox.
 * KEYS: idem, waiters, calls stream. ARGV: result, group, entry id, ttl ms, reply stream ttl ms.
 */
const complete = `
redis.call('HSET', KEYS[1], 'result', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
local waiters = redis.call('LRANGE', KEYS[2], 0, -1)
redis.call('DEL', KEYS[2])
for _, w in ipairs(waiters) do
  local sep = string.find(w, '|', 1, true)
  local stream = string.sub(w, 1, sep - 1)
  redis.call('XADD', stream, 'MAXLEN', '~', 10000, '*', 'r', string.sub(w, sep + 1), 'v', ARGV[1])
  redis.call('PEXPIRE', stream, ARGV[5])
end
redis.call('XACK', KEYS[3], ARGV[2], ARGV[3])
redis.call('XDEL', KEYS[3], ARGV[3])
return #waiters
`;

/**
 * Gateway: take or keep an account's lease. A new owner gets a new fencing token.
 * KEYS: lease, fence. ARGV: gateway id, ttl ms. -> the lease value, or nil when another gateway holds it.
 */
const acquire = `
local current = redis.call('GET', KEYS[1])
if current then
  if string.sub(current, 1, #ARGV[1] + 1) == ARGV[1] .. ':' then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return current
  end
  return false
end
local value = ARGV[1] .. ':' .. redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], value, 'PX', ARGV[2])
return value
`;

/** KEYS: lease. ARGV: lease value. Deletes the lease only when it is still this one. */
const release = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export type SubmitOutcome = ['done', string] | ['new', string] | ['dup', string];
export type BeginOutcome = ['run'] | ['done', string] | ['uncertain'] | ['lost'];

export const scripts = {
  submit: (redis: Redis, keys: [string, string, string], waiter: string, ttl: number, fields: string[]) =>
    redis.eval(submit, 3, ...keys, waiter, ttl, ...fields) as Promise<SubmitOutcome>,
  begin: (redis: Redis, keys: [string, string], lease: string, ttl: number) => redis.eval(begin, 2, ...keys, lease, ttl) as Promise<BeginOutcome>,
  complete: (redis: Redis, keys: [string, string, string], result: string, group: string, entryId: string, ttl: number, replyTtl: number) =>
    redis.eval(complete, 3, ...keys, result, group, entryId, ttl, replyTtl) as Promise<number>,
  acquire: (redis: Redis, keys: [string, string], gatewayId: string, ttl: number) => redis.eval(acquire, 2, ...keys, gatewayId, ttl) as Promise<string | null>,
  release: (redis: Redis, lease: string, value: string) => redis.eval(release, 1, lease, value) as Promise<number>,
};
