-- Open-loop pacing for the wrk scripts of ./fastshop bench: requests leave at evenly spaced instants, a fixed arrival
-- rate, and whichever connection is free sends the next one. wrk's own pacing (a fixed delay() after each response)
-- is a closed loop: connections that start together stay in step and arrive in bursts, and every slow answer lowers
-- the rate being measured. One Lua state must hold the schedule: run paced scripts with wrk -t1.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } wrk_pace_timespec;
int clock_gettime(int clock_id, wrk_pace_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("wrk_pace_timespec")

local function now_ms()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
    return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

-- pace(RATE): RATE requests per second in all; 0 = each connection sends again as soon as it has its answer. Called
-- from init(): unpaced runs define no delay() at all, since wrk arms a timer after every response when one exists.
function pace(rate)
    if rate <= 0 then
        return
    end
    local interval_ms = 1000 / rate
    local next_ms
    -- The wait before a connection's next request: until the next free instant of the schedule. Instants already
    -- past (every connection was busy) are sent at once, so the rate holds; latency counts from the send, as wrk
    -- measures.
    function delay()
        local now = now_ms()
        local slot = next_ms or now
        next_ms = slot + interval_ms
        return math.max(0, math.floor(slot - now + 0.5))
    end
end
