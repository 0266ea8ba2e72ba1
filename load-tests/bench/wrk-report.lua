-- wrk script of ./fastshop bench: cycles through the request paths listed in a file (argument 1, one per line;
-- none = the URL's own path), optionally paces each connection (argument 2: milliseconds between its requests, for
-- a fixed arrival rate), and prints one machine-readable RESULT line at the end.
local paths = {}
local pause_ms = 0
local counter = 0

function init(args)
    if args[1] and args[1] ~= "" then
        for line in io.lines(args[1]) do
            if #line > 0 then
                paths[#paths + 1] = line
            end
        end
    end
    pause_ms = tonumber(args[2] or "0") or 0
    counter = math.random(1, 1000)
end

function delay()
    return pause_ms
end

function request()
    if #paths == 0 then
        return wrk.request()
    end
    counter = counter + 1
    return wrk.format(nil, paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
    local e = summary.errors
    local seconds = summary.duration / 1e6
    io.write(string.format(
        "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p90_ms=%.3f p95_ms=%.3f p99_ms=%.3f max_ms=%.3f "
            .. "socket_errors=%d http_errors=%d\n",
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000,
        e.connect + e.read + e.write + e.timeout, e.status))
end
