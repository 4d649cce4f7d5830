-- Paces wrk: each connection waits between requests so that all of them together send
-- about RATE requests per second (RATE and CONNECTIONS from the environment).
local rate = tonumber(os.getenv("RATE") or "500")
local connections = tonumber(os.getenv("CONNECTIONS") or "64")

function delay()
  return 1000 * connections / rate
end
