import { script } from './redis';

/**
 * The Lua scripts of cluster mode (design/cluster.md §1.3, §2.3, §4). Leases hold
 * `<replicaId>:<fence>:<nonce>` and are compared for equality only, so a fence counter that
 * restarts after Redis lost its data cannot make a false match. Time is Redis's (`TIME`).
 */

const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
/** a > b as decimal numbers (ids may exceed a double): length first, then text. */
const NEWER = `local function newer(a, b)
  a = string.gsub(a, '^0+', ''); b = string.gsub(b, '^0+', '')
  if #a ~= #b then return #a > #b end
  return a > b
end`;

/** acquire(lease, fenceCtr; replicaId, nonce, ttl) → {1, value} | {0, holder} */
export const ACQUIRE = script(
  'acquire',
  `local cur = redis.call('GET', KEYS[1])
if cur then return {0, cur} end
local value = ARGV[1] .. ':' .. redis.call('INCR', KEYS[2]) .. ':' .. ARGV[2]
redis.call('SET', KEYS[1], value, 'PX', ARGV[3])
return {1, value}`,
);

/** renew(lease; value, ttl) → 1 | 0 (lost) */
export const RENEW = script(
  'renew',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`,
);

/** release(lease; value) → 1 | 0: compare-and-delete. */
export const RELEASE = script(
  'release',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0`,
);

/**
 * open(flight, capZ, fenceCtr; replicaId, nonce, ttl, capMax, capTtl, F)
 * → {'joined', state, cursor, requestId, code, message} | {'created', value} | {'full'}
 * A settled flight (answered/failed) is not joined: a new call is made.
 */
export const OPEN = script(
  'open',
  `${NOW}
local st = redis.call('HGET', KEYS[1], 'state')
if st and st ~= 'answered' and st ~= 'failed' then
  local f = redis.call('HMGET', KEYS[1], 'cursor', 'requestId', 'code', 'message')
  return {'joined', st, f[1] or '', f[2] or '', f[3] or '', f[4] or ''}
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if not redis.call('ZSCORE', KEYS[2], ARGV[6]) and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then
  return {'full'}
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[6])
redis.call('PEXPIRE', KEYS[2], math.max(tonumber(ARGV[5]), redis.call('PTTL', KEYS[2])))
local value = ARGV[1] .. ':' .. redis.call('INCR', KEYS[3]) .. ':' .. ARGV[2]
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'state', 'queued', 'lease', value, 'owner', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {'created', value}`,
);

/**
 * take(lane, flight, capZ; value, ttl, F, capTtl) → 1 (the lane is this flight's) | 0 (held by
 * another) | -1 (the flight is no longer this holder's). Also keeps the queued flight alive.
 */
export const TAKE = script(
  'take',
  `${NOW}
if redis.call('HGET', KEYS[2], 'lease') ~= ARGV[1] then return -1 end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), ARGV[3])
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if cur then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`,
);

/**
 * arm(lane, flight, floor, capZ; value, owedMs, cursor, F) → C (the cursor to correlate from) |
 * false (the lane was lost: nothing may be sent). The lease becomes the owed window.
 */
export const ARM = script(
  'arm',
  `${NOW}
${NEWER}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
if redis.call('HGET', KEYS[2], 'lease') ~= ARGV[1] then return false end
local c = ARGV[3]
local floor = redis.call('GET', KEYS[3])
if floor and newer(floor, c) then c = floor end
local owed = tonumber(ARGV[2])
redis.call('PEXPIRE', KEYS[1], owed)
redis.call('HSET', KEYS[2], 'state', 'issuing', 'cursor', c, 'until', now + owed)
redis.call('PEXPIRE', KEYS[2], owed)
redis.call('ZADD', KEYS[4], now + owed, ARGV[4])
return c`,
);

/** accepted(flight; value, requestId) → 1 | 0 */
export const ACCEPTED = script(
  'accepted',
  `if redis.call('HGET', KEYS[1], 'lease') ~= ARGV[1] then return 0 end
if redis.call('HGET', KEYS[1], 'state') ~= 'issuing' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'accepted', 'requestId', ARGV[2])
return 1`,
);

/**
 * settle(flight, lane, floor, capZ; F, outcome, answerId, code, message, keepMs) → 1 | 0.
 * Idempotent, by any replica: the flight records its outcome (kept keepMs for joiners), the lane
 * is freed when still this flight's, the floor moves up to the answer, the cap member goes.
 */
export const SETTLE = script(
  'settle',
  `${NEWER}
local lease = redis.call('HGET', KEYS[1], 'lease')
if not lease then return 0 end
local st = redis.call('HGET', KEYS[1], 'state')
if st == 'answered' or st == 'failed' then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'answerId', ARGV[3], 'code', ARGV[4], 'message', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
if redis.call('GET', KEYS[2]) == lease then redis.call('DEL', KEYS[2]) end
if ARGV[3] ~= '' then
  local floor = redis.call('GET', KEYS[3])
  if not floor or newer(ARGV[3], floor) then floor = ARGV[3] end
  redis.call('SET', KEYS[3], floor, 'PX', 600000)
end
redis.call('ZREM', KEYS[4], ARGV[1])
return 1`,
);

/** drop(flight, lane, capZ; value, F): a flight given up before its call was sent. */
export const DROP = script(
  'drop',
  `if redis.call('HGET', KEYS[1], 'lease') == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[3], ARGV[2])
end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) return 1 end
return 0`,
);

/** cap_take(z; member, max, ttl) → 1 | 0 (full): members of dead replicas expire. */
export const CAP_TAKE = script(
  'cap_take',
  `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`,
);

/** cap_refresh(z; ttl, member…): this replica's live members, refreshed. */
export const CAP_REFRESH = script(
  'cap_refresh',
  `${NOW}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`,
);

/**
 * feed_append(lead, log, cur, gen; value, ttl, maxlen, id1, json1, id2, json2, …) → the last id
 * appended | -1 (fenced: not the leader). Entries `<id>-0` with `p` (previous id) and `m`.
 */
export const FEED_APPEND = script(
  'feed_append',
  `${NEWER}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local last = redis.call('GET', KEYS[3])
if not last then
  local top = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
  last = top[1] and string.match(top[1][1], '^(%d+)') or '0'
end
for i = 4, #ARGV, 2 do
  local id = ARGV[i]
  if newer(id, last) then
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], id .. '-0', 'p', last, 'm', ARGV[i + 1])
    last = id
  end
end
redis.call('SET', KEYS[3], last, 'PX', ARGV[2])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('PEXPIRE', KEYS[4], ARGV[2]) end
return last`,
);

/**
 * feed_renew(lead, cur, log, gen, chk; value, leaseTtl, streamTtl) → {1, recheck} | {0} (lost).
 * The leader's heartbeat: renews its lease, keeps the feed's keys alive while it leads (a quiet
 * feed appends nothing), and takes a head check another replica asked for (`chk`).
 */
export const FEED_RENEW = script(
  'feed_renew',
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {0} end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
for i = 2, 4 do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
local recheck = redis.call('GET', KEYS[5])
if recheck then redis.call('DEL', KEYS[5]) return {1, 1} end
return {1, 0}`,
);

/**
 * feed_reset(lead, cur, gen; value, ttl) → the new generation | -1 (fenced). The upstream queue
 * was recreated (ids restart lower): its messages go to a new stream, read from its start.
 */
export const FEED_RESET = script(
  'feed_reset',
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local gen = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ARGV[2])
redis.call('SET', KEYS[2], '0', 'PX', ARGV[2])
return gen`,
);

/** interest(int; member, ttl) → live members after dropping the expired ones. */
export const INTEREST = script(
  'interest',
  `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ARGV[2] == '0' then redis.call('ZREM', KEYS[1], ARGV[1])
else redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1]) redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('ZCARD', KEYS[1])`,
);
