-- wrk script for bench/run_serve.sh: requests the paths listed in a file (one per line, taken
-- in turn) and checks every answer: status 200 and a body of a length one of the paths gave
-- before the run (the file's second column; with one path, exactly its length — wrk does not
-- tell which connection an answer came on, so a mixed run checks against the set). Mismatches
-- are counted and printed at the end, so a fast but wrong server does not pass.
-- Usage: wrk ... -s bench/serve_check.lua URL -- PATHS_FILE
local paths, sizes = {}, {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local path, size = line:match("^(%S+)%s+(%d+)$")
    if path then
      table.insert(paths, path)
      sizes[tonumber(size)] = true
    end
  end
  wrk.thread:set("bad", 0)
  wrk.thread:set("checked", 0)
end

local index = 0

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  checked = (checked or 0) + 1
  if status ~= 200 or not sizes[#body] then
    bad = (bad or 0) + 1
  end
  wrk.thread:set("bad", bad)
  wrk.thread:set("checked", checked)
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local bad, checked = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + (t:get("bad") or 0)
    checked = checked + (t:get("checked") or 0)
  end
  io.write(string.format("CHECK checked=%d wrong=%d\n", checked, bad))
  io.write(string.format("LATENCY p50=%.0f p90=%.0f p99=%.0f max=%.0f\n", latency:percentile(50),
                         latency:percentile(90), latency:percentile(99), latency.max))
end
