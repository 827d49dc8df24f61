-- wrk -s page.lua: GET the staff chart page of demo patients in turn (BENCH_DIR/patients.txt), with the bearer token.
dofile(os.getenv("BENCH_HTTP") .. "/common.lua")
local patients, i, headers
function init(args)
  patients = read_lines("patients.txt")
  i = (thread_index or 1) * 9973
  headers = bearer()
end
function request()
  i = i + 1
  return wrk.format("GET", "/patients/" .. patients[(i % #patients) + 1], headers)
end
