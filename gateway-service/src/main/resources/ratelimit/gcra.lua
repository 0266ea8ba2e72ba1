-- GCRA in one atomic round trip. KEYS[1]: the caller's key. ARGV[1]: emission interval, ARGV[2]: burst tolerance,
-- both in microseconds. Uses the Redis clock so every gateway replica shares one time line.
-- Returns {allowed (0|1), remaining, retry_after_us, reset_us}.
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then
  tat = now
end
local new_tat = tat + interval
local allow_at = new_tat - tolerance
if now < allow_at then
  return {0, 0, allow_at - now, tat - now}
end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
return {1, math.floor((tolerance - (new_tat - now)) / interval), 0, new_tat - now}
