-- wrk -s healthz.lua: the ceiling, GET /healthz (no database), counting unexpected answers like the other scripts.
dofile(os.getenv("BENCH_HTTP") .. "/common.lua")
function request()
  return wrk.format("GET", "/healthz")
end
