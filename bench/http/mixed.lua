-- wrk -s mixed.lua: the soak's mix, alternating a KOOS submission for a due knee visit (submissions.tsv) and a chart
-- page (patients.txt), with the bearer token.
dofile(os.getenv("BENCH_HTTP") .. "/common.lua")
local paths, bodies, patients, i, get_headers, post_headers
function init(args)
  paths, bodies = {}, {}
  for _, line in ipairs(read_lines("submissions.tsv")) do
    local tab = line:find("\t", 1, true)
    paths[#paths + 1] = "/api/patients/" .. line:sub(1, tab - 1) .. "/responses"
    bodies[#bodies + 1] = line:sub(tab + 1)
  end
  patients = read_lines("patients.txt")
  i = (thread_index or 1) * 9973
  get_headers = bearer()
  post_headers = bearer()
  post_headers["Content-Type"] = "application/json"
end
function request()
  i = i + 1
  if i % 2 == 0 then
    local k = (i % #paths) + 1
    return wrk.format("POST", paths[k], post_headers, bodies[k])
  end
  return wrk.format("GET", "/patients/" .. patients[(i % #patients) + 1], get_headers)
end
