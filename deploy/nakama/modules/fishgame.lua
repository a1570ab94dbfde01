--[[
fishgame.lua: the fishgame server module for a stock Nakama 3.x (Lua runtime).

Nakama loads every .lua file in its data/modules directory at start-up. This
module gives a real Nakama what fishgame's embedded server (`fishgame server`)
provides, so the game needs no code change to use either:

  * the leaderboard "fish_game_wins" (descending, "incr": each write adds the
    submitted score to the player's record), created at start-up;
  * the RPC "ice_servers", whose payload tells clients which STUN and TURN
    servers to use for WebRTC:
      {"ice_servers":[{"urls":["stun:..."]},
                      {"urls":["turn:..."],"username":"...","credential":"..."}]}

Configuration comes from Nakama's runtime environment (`runtime.env` in the
config file, or `--runtime.env "KEY=value"` flags; see docker-compose.yml):

  FISHGAME_STUN_URLS   comma- or space-separated stun:/stuns: URLs.
                       Default: stun:stun.l.google.com:19302
                       Set it to "none" to hand out no STUN server.
  FISHGAME_TURN_URLS   comma- or space-separated turn:/turns: URLs of a TURN
                       server that checks TURN REST API credentials (coturn
                       with use-auth-secret, or `fishgame server --turn`).
  FISHGAME_TURN_SECRET the shared secret of that TURN server. TURN is offered
                       only when both FISHGAME_TURN_URLS and this are set.
  FISHGAME_TURN_TTL    credential lifetime in seconds. Default: 43200 (12 h).

TURN credentials follow the TURN REST API convention, the same one the
embedded server uses: username = "<expiry-unix-seconds>:<user-id>",
credential = base64(HMAC-SHA1(secret, username)). Nakama's Lua runtime has
HMAC-SHA256 but no SHA-1, so HMAC-SHA1 is computed below in plain Lua 5.1
arithmetic (no dependency on the bit32 library). Credentials go only to
callers with a session (context.user_id set); a server-to-server call with
the http_key gets the STUN entry alone.
]]

local nk = require("nakama")

local LEADERBOARD_ID = "fish_game_wins"
local ICE_SERVERS_RPC = "ice_servers"
local DEFAULT_STUN_URLS = "stun:stun.l.google.com:19302"
local DEFAULT_TURN_TTL = 43200

local TWO32 = 4294967296

-- Bitwise operations on unsigned 32-bit integers held in Lua numbers, four
-- bits at a time through lookup tables.
local XOR4, AND4 = {}, {}
for a = 0, 15 do
  XOR4[a], AND4[a] = {}, {}
  for b = 0, 15 do
    local x, n, bit, aa, bb = 0, 0, 1, a, b
    for _ = 1, 4 do
      local abit, bbit = aa % 2, bb % 2
      if abit ~= bbit then x = x + bit end
      if abit == 1 and bbit == 1 then n = n + bit end
      aa, bb, bit = (aa - abit) / 2, (bb - bbit) / 2, bit * 2
    end
    XOR4[a][b], AND4[a][b] = x, n
  end
end

local function bitop(tab, a, b)
  local r, m = 0, 1
  for _ = 1, 8 do
    local na, nb = a % 16, b % 16
    r = r + tab[na][nb] * m
    a, b, m = (a - na) / 16, (b - nb) / 16, m * 16
  end
  return r
end

local function bxor(a, b) return bitop(XOR4, a, b) end
local function band(a, b) return bitop(AND4, a, b) end
local function bnot(a) return TWO32 - 1 - a end

local function rol(a, n)
  local hi = math.floor(a / 2 ^ (32 - n))
  return (a * 2 ^ n) % TWO32 + hi
end

local function be32(x)
  return string.char(math.floor(x / 16777216) % 256, math.floor(x / 65536) % 256,
    math.floor(x / 256) % 256, x % 256)
end

-- sha1 returns the 20-byte SHA-1 digest of msg (FIPS 180-4).
local function sha1(msg)
  local h0, h1, h2, h3, h4 = 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0
  local bits = #msg * 8
  local tail = {}
  for i = 7, 0, -1 do
    tail[#tail + 1] = string.char(math.floor(bits / 256 ^ i) % 256)
  end
  msg = msg .. "\128" .. string.rep("\0", (55 - #msg) % 64) .. table.concat(tail)
  local w = {}
  for chunk = 1, #msg, 64 do
    for i = 0, 15 do
      local b1, b2, b3, b4 = string.byte(msg, chunk + i * 4, chunk + i * 4 + 3)
      w[i] = ((b1 * 256 + b2) * 256 + b3) * 256 + b4
    end
    for i = 16, 79 do
      w[i] = rol(bxor(bxor(w[i - 3], w[i - 8]), bxor(w[i - 14], w[i - 16])), 1)
    end
    local a, b, c, d, e = h0, h1, h2, h3, h4
    for i = 0, 79 do
      local f, k
      if i < 20 then
        -- (b and c) or (not b and d): the two terms share no bits.
        f, k = band(b, c) + band(bnot(b), d), 0x5A827999
      elseif i < 40 then
        f, k = bxor(bxor(b, c), d), 0x6ED9EBA1
      elseif i < 60 then
        -- majority: (b and c) or (d and (b xor c)), disjoint terms.
        f, k = band(b, c) + band(d, bxor(b, c)), 0x8F1BBCDC
      else
        f, k = bxor(bxor(b, c), d), 0xCA62C1D6
      end
      local t = (rol(a, 5) + f + e + k + w[i]) % TWO32
      e, d, c, b, a = d, c, rol(b, 30), a, t
    end
    h0, h1, h2 = (h0 + a) % TWO32, (h1 + b) % TWO32, (h2 + c) % TWO32
    h3, h4 = (h3 + d) % TWO32, (h4 + e) % TWO32
  end
  return be32(h0) .. be32(h1) .. be32(h2) .. be32(h3) .. be32(h4)
end

-- hmac_sha1 returns the 20-byte HMAC-SHA1 of msg under key (RFC 2104).
local function hmac_sha1(key, msg)
  if #key > 64 then key = sha1(key) end
  key = key .. string.rep("\0", 64 - #key)
  local ipad, opad = {}, {}
  for i = 1, 64 do
    local k = string.byte(key, i)
    ipad[i] = string.char(bxor(k, 0x36))
    opad[i] = string.char(bxor(k, 0x5C))
  end
  return sha1(table.concat(opad) .. sha1(table.concat(ipad) .. msg))
end

-- turn_credentials returns TURN REST API credentials for user_id, valid
-- until expiry (unix seconds).
local function turn_credentials(secret, user_id, expiry)
  local username = string.format("%d", expiry) .. ":" .. user_id
  return username, nk.base64_encode(hmac_sha1(secret, username))
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

local function json_urls(urls)
  local quoted = {}
  for i, u in ipairs(urls) do quoted[i] = json_string(u) end
  return '{"urls":[' .. table.concat(quoted, ",") .. "]"
end

-- split_urls splits a comma- or space-separated list, keeping only URLs
-- with one of the given schemes (label names them in the warning).
local function split_urls(s, schemes, label)
  local out = {}
  for u in string.gmatch(s or "", "[^,%s]+") do
    local scheme = u:match("^(%a+):")
    if scheme and schemes[scheme:lower()] then
      out[#out + 1] = u
    else
      nk.logger_warn(string.format("fishgame: ignoring %q, not a %s URL", u, label))
    end
  end
  return out
end

-- ice_servers builds the payload for a caller; env is the runtime env and
-- now the current unix time.
local function ice_servers(env, user_id, now)
  local entries = {}
  local stun_env = env["FISHGAME_STUN_URLS"]
  if stun_env == nil or stun_env == "" then stun_env = DEFAULT_STUN_URLS end
  if stun_env ~= "none" then
    local stun = split_urls(stun_env, { stun = true, stuns = true }, "stun:")
    if #stun > 0 then entries[#entries + 1] = json_urls(stun) .. "}" end
  end
  local secret = env["FISHGAME_TURN_SECRET"] or ""
  local turn = split_urls(env["FISHGAME_TURN_URLS"], { turn = true, turns = true }, "turn:")
  if secret ~= "" and #turn > 0 and user_id ~= nil and user_id ~= "" then
    local ttl = tonumber(env["FISHGAME_TURN_TTL"] or "") or DEFAULT_TURN_TTL
    if ttl <= 0 then ttl = DEFAULT_TURN_TTL end
    local username, credential = turn_credentials(secret, user_id, math.floor(now + ttl))
    entries[#entries + 1] = json_urls(turn) .. ',"username":' .. json_string(username) ..
      ',"credential":' .. json_string(credential) .. "}"
  end
  return '{"ice_servers":[' .. table.concat(entries, ",") .. "]}"
end

local function rpc_ice_servers(context, _payload)
  return ice_servers(context.env or {}, context.user_id, os.time())
end

local ok, err = pcall(nk.leaderboard_create, LEADERBOARD_ID, false, "desc", "incr")
if not ok then
  nk.logger_error(string.format("fishgame: could not create leaderboard %q: %s", LEADERBOARD_ID, tostring(err)))
end

nk.register_rpc(rpc_ice_servers, ICE_SERVERS_RPC)
nk.logger_info("fishgame: module loaded (leaderboard " .. LEADERBOARD_ID .. ", rpc " .. ICE_SERVERS_RPC .. ")")

-- Exposed for the module's tests; Nakama ignores a module's return value.
return {
  sha1 = sha1,
  hmac_sha1 = hmac_sha1,
  ice_servers = ice_servers,
}
