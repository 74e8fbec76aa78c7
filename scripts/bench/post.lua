-- wrk script: POST /quotes as admin, every request a new text (thread number, run nonce, counter).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local counter = 0
local nonce = os.getenv("BENCH_NONCE") or "0"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")

request = function()
  counter = counter + 1
  local text = string.format("Bench %s thread %d request %d", nonce, thread_number or 0, counter)
  return wrk.format(nil, "/quotes", nil, '{"quote": "' .. text .. '", "tags": ["bench"]}')
end
