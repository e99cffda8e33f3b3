-- wrk script of the llm-cache benchmark: one fixed POST request, repeated.
--
--   wrk ... -s bench/post.lua http://127.0.0.1:PORT/path -- BODY_FILE [API_KEY]
--
-- BODY_FILE holds the JSON body; API_KEY, if given, is sent as "Authorization: Bearer".
-- The request is built once per thread (no per-request Lua), so wrk spends its CPU on
-- the wire, not in Lua. At the end it prints one machine-readable line, BENCH_RESULT,
-- with latencies in microseconds, that bench/run.sh parses.

function init(args)
   local body_file = args[1]
   local key = args[2]
   if body_file == nil then
      error("usage: wrk ... -s post.lua URL -- BODY_FILE [API_KEY]")
   end
   local file = assert(io.open(body_file, "rb"))
   wrk.body = file:read("*a")
   file:close()
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   wrk.headers["Accept"] = "application/json"
   if key ~= nil and key ~= "" then
      wrk.headers["Authorization"] = "Bearer " .. key
   end
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
         .. "connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
      summary.requests, summary.duration,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
