-- fos-bench's wrk script (server/bench/wrk.go): requests prepared once in
-- init from a file of token, If-None-Match, Idempotency-Key and body
-- fields, tab-separated, one request a line; then sent in turn.
local reqs, n, i, once, spent = {}, 0, 0, false, nil

local function split(line)
  local f, start = {}, 1
  while true do
    local at = string.find(line, "\t", start, true)
    if not at then
      f[#f + 1] = string.sub(line, start)
      return f
    end
    f[#f + 1] = string.sub(line, start, at - 1)
    start = at + 1
  end
end

init = function(args)
  local method, path = args[1], wrk.path
  once = args[3] == "1"
  for line in io.lines(args[2]) do
    local f = split(line)
    local h = {}
    if f[1] ~= "" then h["Authorization"] = "Bearer " .. f[1] end
    if f[2] ~= "" then h["If-None-Match"] = f[2] end
    if f[3] ~= "" then h["Idempotency-Key"] = f[3] end
    local body = nil
    if f[4] ~= nil and f[4] ~= "" then
      body = f[4]
      h["Content-Type"] = "application/json"
    end
    n = n + 1
    reqs[n] = wrk.format(method, path, h, body)
  end
  spent = wrk.format("GET", "/fos-bench/requests-exhausted", {})
end

request = function()
  i = i + 1
  if i > n then
    if once then
      -- Every request was sent: end the phase (its rate is over the time
      -- it really took). Whatever answers this one counts as a failure.
      wrk.thread:stop()
      return spent
    end
    i = 1
  end
  return reqs[i]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("FOSBENCH %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
