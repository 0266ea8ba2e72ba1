-- wrk script of ./fastshop bench: cycles through the request paths listed in a file (argument 1, one per line;
-- none = the URL's own path), optionally paces each connection (argument 2: milliseconds between its requests, for
-- a fixed arrival rate), and prints one machine-readable RESULT line at the end.
-- The RESULT line that cmd-bench.sh parses, written once for both wrk scripts.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-result.lua")
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
