-- wrk -s submit.lua: POST a complete KOOS for a due knee visit (BENCH_DIR/submissions.tsv: patient id TAB JSON body),
-- cycling through the list, with the bearer token.
dofile(os.getenv("BENCH_HTTP") .. "/common.lua")
local paths, bodies, i, headers
function init(args)
  paths, bodies = {}, {}
  for _, line in ipairs(read_lines("submissions.tsv")) do
    local tab = line:find("\t", 1, true)
    paths[#paths + 1] = "/api/patients/" .. line:sub(1, tab - 1) .. "/responses"
    bodies[#bodies + 1] = line:sub(tab + 1)
  end
  i = (thread_index or 1) * 9973
  headers = bearer()
  headers["Content-Type"] = "application/json"
end
function request()
  i = i + 1
  local k = (i % #paths) + 1
  return wrk.format("POST", paths[k], headers, bodies[k])
end
