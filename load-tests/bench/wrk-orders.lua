-- wrk script of ./fastshop bench: POST /orders at a fixed arrival rate (argument 2, orders/s; 0 = unpaced), one line
-- of quantity 1 for a product picked from a file of in-stock ids (argument 1), a fresh Idempotency-Key every time
-- (argument 3 is the run's nonce), to the path of argument 4 (default /orders; /api/orders through the gateway).
-- The Authorization header comes from wrk's -H option.
-- The RESULT line that cmd-bench.sh parses and the pacing, written once for both wrk scripts.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "wrk-result.lua")
dofile(dir .. "wrk-pace.lua")
local ids = {}
local nonce = "bench"
local path = "/orders"
local counter = 0
-- thread_id is a global set by setup() in each thread's own Lua state.
local next_thread_id = 0

function setup(thread)
    next_thread_id = next_thread_id + 1
    thread:set("thread_id", next_thread_id)
end

function init(args)
    for line in io.lines(args[1]) do
        if #line > 0 then
            ids[#ids + 1] = line
        end
    end
    pace(tonumber(args[2] or "0") or 0)
    nonce = args[3] or nonce
    path = args[4] or path
    math.randomseed(os.time() + (thread_id or 0))
end

function request()
    counter = counter + 1
    local headers = {}
    for name, value in pairs(wrk.headers) do
        headers[name] = value
    end
    headers["Content-Type"] = "application/json"
    headers["Idempotency-Key"] = string.format("%s-%d-%d", nonce, thread_id or 0, counter)
    local body = string.format('{"lines":[{"productId":%s,"quantity":1}],"email":"bench@load.fastshop.dev",'
        .. '"shippingAddress":{"name":"Bench","line1":"1 Benchmark Way","postalCode":"10115","city":"Berlin",'
        .. '"country":"DE"}}', ids[math.random(#ids)])
    return wrk.format("POST", path, headers, body)
end
