-- GCRA in one atomic round trip, for a batch of requests of the same key. KEYS[1]: the caller's key. ARGV[1]:
-- emission interval, ARGV[2]: burst tolerance, both in microseconds; ARGV[3]: how many requests ask at once. Uses
-- the Redis clock so every gateway replica shares one time line.
-- Returns {allowed, base_us}: the first `allowed` requests of the batch are admitted, the rest rejected; base_us is
-- the theoretical arrival time before the batch, relative to now (never negative). The caller derives each
-- request's remaining, retry-after and reset from these two numbers (Gcra.decision).
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local requests = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then
  tat = now
end
local allowed = math.floor((now + tolerance - tat) / interval)
if allowed > requests then
  allowed = requests
elseif allowed < 0 then
  allowed = 0
end
if allowed > 0 then
  local new_tat = tat + allowed * interval
  redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
end
return {allowed, tat - now}
