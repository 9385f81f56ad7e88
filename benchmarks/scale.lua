-- wrk script for benchmarks/scale.py: rotates through pre-built requests, prints one JSON line.
--
-- HALTE_WRK_REQUESTS names a file with one request per line, fields separated by tabs:
--   GET:  path
--   POST: path, then header name and value pairs, then the body (one line, no tabs)
-- Each wrk thread walks its own share of the lines, so no two threads send the same request
-- until a thread has used up its share (then it starts its share again; `wrapped` says so).

local method = os.getenv("HALTE_WRK_METHOD") or "GET"
local source = os.getenv("HALTE_WRK_REQUESTS")
local thread_count = tonumber(os.getenv("HALTE_WRK_THREADS") or "2")
local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("number", count)
  table.insert(threads, thread)
end

local function fields_of(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    fields[#fields + 1] = field
  end
  return fields
end

function init(args)
  local all = {}
  for line in io.lines(source) do
    if #line > 0 then
      local fields = fields_of(line)
      local headers, body = {}, nil
      if #fields > 1 then
        body = fields[#fields]
        for i = 2, #fields - 1, 2 do
          headers[fields[i]] = fields[i + 1]
        end
      end
      all[#all + 1] = {fields[1], headers, body}
    end
  end
  -- This thread's share: lines first..last of the file.
  local share = math.floor(#all / thread_count)
  if share < 1 then share = #all end
  local first = ((number - 1) * share) % #all + 1
  local last = math.min(#all, first + share - 1)
  requests = {}
  for i = first, last do
    local r = all[i]
    requests[#requests + 1] = wrk.format(method, r[1], r[2], r[3])
  end
  sent = 0
  wrapped = 0
end

function request()
  sent = sent + 1
  if sent > #requests then wrapped = 1 end
  return requests[(sent - 1) % #requests + 1]
end

function done(summary, latency, requests)
  local wraps = 0
  for _, thread in ipairs(threads) do
    wraps = wraps + (thread:get("wrapped") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"threads_wrapped": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, wraps))
end
