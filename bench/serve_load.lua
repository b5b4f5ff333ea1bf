-- wrk script for bench/run_serve.sh: requests the paths listed in a file (one per line, first
-- column; taken in turn), without looking at the answers — the throughput runs. The checked runs
-- use serve_check.lua, which costs wrk time per answer on the same CPUs as the server.
-- Usage: wrk ... -s bench/serve_load.lua URL -- PATHS_FILE
local paths = {}

function init(args)
  for line in io.lines(args[1]) do
    local path = line:match("^(%S+)")
    if path then table.insert(paths, path) end
  end
end

local index = 0

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function done(summary, latency, requests)
  io.write(string.format("LATENCY p50=%.0f p90=%.0f p99=%.0f max=%.0f\n", latency:percentile(50),
                         latency:percentile(90), latency:percentile(99), latency.max))
end
