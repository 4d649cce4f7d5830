-- wrk script of the benchmark ladder (ladder.sh; run-load.sh paces with it too).
--
-- RATE > 0 paces each of the THREADS threads to a fixed schedule of RATE / THREADS requests
-- per second, shared by its connections: a request whose slot has come goes out on the next
-- free connection, and a late server is caught up with, so the rate held tells whether the
-- server kept up. (Waiting a fixed time after each answer instead holds less than the rate
-- asked for as soon as answers slow down.) Latency is wrk's: from sending a
-- request to its answer, not from its slot.
--
-- done() prints one line: LADDER requests/s p50 p99 p99.9 (ms) errors requests.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } ladder_timespec;
int clock_gettime(int clock, ladder_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("ladder_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local rate = tonumber(os.getenv("RATE") or "0")
local threads = tonumber(os.getenv("THREADS") or "1")

if rate > 0 then
  local interval = 1000 * threads / rate
  local slot
  function delay()
    local now = now_ms()
    slot = (slot or now) + interval
    return math.max(0, slot - now)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("LADDER %.1f %.2f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, summary.requests))
end
