-- Shared by the wrk scripts of bench/http: the bearer token and the request lists come from the environment
-- (BENCH_TOKEN, BENCH_DIR) that run.sh sets; each wrk thread starts at its own offset in the list.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_index", threads)
end

function read_lines(name)
  local list = {}
  for line in io.lines(os.getenv("BENCH_DIR") .. "/" .. name) do
    if #line > 0 then list[#list + 1] = line end
  end
  return list
end

function bearer()
  return { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
end

-- Non-2xx answers, counted per thread and summed in done() (wrk's own count mixes in 3xx as well).
unexpected = 0
function response(status, headers, body)
  if status < 200 or (status >= 300 and status ~= 409) then
    unexpected = unexpected + 1
    if unexpected <= 3 then io.stderr:write("unexpected status " .. status .. "\n") end
  end
end

-- The total of unexpected answers over all threads, printed as "unexpected: N" for run.sh.
local thread_list = {}
local base_setup = setup
function setup(thread)
  base_setup(thread)
  thread_list[#thread_list + 1] = thread
end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(thread_list) do total = total + (t:get("unexpected") or 0) end
  io.write("unexpected: " .. total .. "\n")
end
