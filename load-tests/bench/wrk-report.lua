-- wrk script of ./fastshop bench: cycles through the request paths listed in a file (argument 1, one per line;
-- none = the URL's own path), optionally at a fixed arrival rate (argument 2: requests/s; 0 = unpaced), and prints
-- one machine-readable RESULT line at the end.
-- The RESULT line that cmd-bench.sh parses and the pacing, written once for both wrk scripts.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "wrk-result.lua")
dofile(dir .. "wrk-pace.lua")
local paths = {}
local counter = 0

function init(args)
    if args[1] and args[1] ~= "" then
        for line in io.lines(args[1]) do
            if #line > 0 then
                paths[#paths + 1] = line
            end
        end
    end
    pace(tonumber(args[2] or "0") or 0)
    counter = math.random(1, 1000)
end

function request()
    if #paths == 0 then
        return wrk.request()
    end
    counter = counter + 1
    return wrk.format(nil, paths[(counter % #paths) + 1])
end
