-- The soak's request mix, each connection waiting CONNECTIONS / RATE seconds after each answer
-- (so the rate held falls short as answers slow, which the soak reports): unified views, searches, pass-through
-- reads and writes, for several users and purposes. Tokens come from the environment
-- (TOKEN_ALICE, TOKEN_CAROL, TOKEN_BOB), customers from CUSTOMERS (comma-separated e-mails).
local rate = tonumber(os.getenv("RATE") or "1000")
local connections = tonumber(os.getenv("CONNECTIONS") or "64")
local tokens = {
  alice = os.getenv("TOKEN_ALICE"), carol = os.getenv("TOKEN_CAROL"), bob = os.getenv("TOKEN_BOB")
}
local customers = {}
for email in string.gmatch(os.getenv("CUSTOMERS") or "", "[^,]+") do
  customers[#customers + 1] = email
end

local function get(user, path, purpose)
  local headers = { ["Authorization"] = "Bearer " .. tokens[user] }
  if purpose then headers["X-Purpose"] = purpose end
  return wrk.format("GET", path, headers)
end

function delay()
  return 1000 * connections / rate
end

function request()
  local customer = customers[math.random(#customers)]
  local pick = math.random(100)
  if pick <= 35 then
    return get("alice", "/api/v1/customers/email:" .. customer)
  elseif pick <= 50 then
    return get("carol", "/api/v1/customers/email:" .. customer, "support-case")
  elseif pick <= 60 then
    return get("bob", "/api/v1/customers?q=" .. string.sub(customer, 1, 4))
  elseif pick <= 90 then
    return get("alice", "/api/v1/departments/crm/accounts?email=" .. customer)
  else
    return wrk.format("POST", "/api/v1/departments/crm/accounts/ACC-00000" .. math.random(9) .. "/notes",
      { ["Authorization"] = "Bearer " .. tokens.alice, ["Content-Type"] = "application/json" },
      '{"text":"soak"}')
  end
end
