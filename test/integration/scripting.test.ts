// Scripting: EVAL / EVALSHA / EVAL_RO / SCRIPT compared byte for byte with Redis 7.0
// (replies in RESP2 and RESP3, error texts, conversions, the Lua standard library as
// Redis bundles it), plus propagation of script effects and an ioredis defineCommand run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { Pair, hasRedis, NO_REDIS_MESSAGE, startTsredis, RawClient } from '../helpers.js';

/** [script, ...keysAndArgs as `numkeys, k..., a...`]. */
export const SCRIPT_CASES: string[][] = [
  // conversions Lua -> RESP
  ['return 1', '0'],
  ['return 3.99', '0'],
  ['return -3.99', '0'],
  ['return "hello"', '0'],
  ['return true', '0'],
  ['return false', '0'],
  ['return nil', '0'],
  ['return {1,2,3,"x",nil,5}', '0'],
  ['return {1,{2,{3,"a"}},true,false}', '0'],
  ['return {ok="fine"}', '0'],
  ['return {err="bad thing"}', '0'],
  ['return {err="My bad thing"}', '0'],
  ['return redis.error_reply("x")', '0'],
  ['return redis.error_reply("MY x")', '0'],
  ['return redis.error_reply("-MY x")', '0'],
  ['return redis.status_reply("FINE")', '0'],
  ['return {double=3.5}', '0'],
  ['return {big_number="123456789012345678901234567890"}', '0'],
  ['return {map={a=1}}', '0'],
  ['return {set={a=true}}', '0'],
  ['return {verbatim_string={format="txt", string="hi"}}', '0'],
  ['return 1e100', '0'],
  ['return -0.5', '0'],
  ['return 0/0', '0'],
  ['return 2^53+10', '0'],
  ['return KEYS', '2', 'k1', 'k2', 'a1', 'a2'],
  ['return ARGV', '2', 'k1', 'k2', 'a1', 'a2'],
  ['return {#KEYS, #ARGV}', '1', 'k', 'a', 'b', 'c'],
  // numbers and strings
  ['return tostring(1e15)..","..tostring(1e14)..","..tostring(123456789012345)..","..tostring(0.1)..","..tostring(-0.0)..","..tostring(1/3)', '0'],
  ['return tostring(2^63)..","..tostring(-2^63)..","..tostring(1e300*1e10)..","..tostring(3.0)..","..tostring(1e-5)', '0'],
  ['return {tonumber("0x10"), tonumber("10",2), tonumber(" 5 "), tonumber("z",36), tonumber("1e2"), tonumber("abc"), tonumber("ff",16), tonumber("")}', '0'],
  ['return {tostring(tonumber("  0x1A  ")), tostring(tonumber("5.")), tostring(tonumber(".5")), tostring(tonumber("1e")), tostring(tonumber("inf"))}', '0'],
  ['return "10" + 5', '0'],
  ['return "3" * "4"', '0'],
  ['return 10 .. 20', '0'],
  ['return 7 % 3 .. "," .. -7 % 3 .. "," .. 7 % -3 .. "," .. 5.5 % 2', '0'],
  ['return 2^10', '0'],
  ['return #"hello"', '0'],
  ['return string.format("%5.2f|%d|%s|%q|%x|%X|%o|%e|%g|%g|%g", 3.14159, 42, "hi", "a\\"b\\n", 255, 255, 8, 12345.678, 1e20, 0.1, 100000)', '0'],
  ['return string.format("%-5s|%5s|%05d|%+d|% d|%.3s|%c%c|%%|%i", "ab", "ab", 42, 5, 7, "abcdef", 72, 105, -3)', '0'],
  ['return string.format("%.14g|%.17g|%g|%G|%.0f|%10.4f|%-10d|", 0.1, 0.1, 1e-10, 1e-10, 2.5, math.pi, 12)', '0'],
  ['return string.format("%s %s %s", 1, 1.5, "x")', '0'],
  ['return {string.byte("ABC", 1, -1)}', '0'],
  ['return string.char(104, 105)', '0'],
  ['return {string.sub("hello", 2, 4), string.sub("hello", -3), string.sub("hello", 0), string.sub("hello", 10), string.sub("hello", 2, -2)}', '0'],
  ['return {string.upper("aBc"), string.lower("AbC"), string.rep("ab", 3), string.reverse("abc"), string.len("abc")}', '0'],
  ['return {string.find("hello world", "wor"), string.find("hello", "l+"), string.find("a.b", ".", 1, true), string.find("abc", "x")}', '0'],
  ['return {string.find("key:123:x", "(%d+)")}', '0'],
  ['return {string.match("key:123:abc", "(%a+):(%d+):(%a+)")}', '0'],
  ['return {string.match("  trim  ", "^%s*(.-)%s*$")}', '0'],
  ['return {string.match("hello", "()ll()")}', '0'],
  ['return {string.gsub("hello world", "o", "0")}', '0'],
  ['return {string.gsub("hello world", "(%w+)", "<%1>")}', '0'],
  ['return {string.gsub("abc", "%w", "%0%0")}', '0'],
  ['return {string.gsub("hello world", "%w+", function(w) return w:upper() end, 1)}', '0'],
  ['return {string.gsub("$name is $age", "%$(%w+)", {name="bob", age=42})}', '0'],
  ['return {string.gsub("abc", "", "-")}', '0'],
  ['local t = {} for w in string.gmatch("one two three", "%a+") do t[#t+1] = w end return t', '0'],
  ['local t = {} for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do t[#t+1] = k .. v end return t', '0'],
  ['return {string.find("THE (quick) fox", "%((%a+)%)")}', '0'],
  ['return {string.match("[[nested]]", "%b[]")}', '0'],
  ['return {string.gsub("THE (quick) fox", "%f[%a]%a+", "W")}', '0'],
  ['return {string.match("2024-01-15", "(%d+)-(%d+)-(%d+)")}', '0'],
  ['return {string.match("abcabc", "(a)(b)c%1%2")}', '0'],
  ['return {("x"):rep(3), ("%d"):format(5)}', '0'],
  ['return string.find("abc", "[a-")', '0'],
  ['return string.find("abc", "%")', '0'],
  // tables
  ['local t = {3,1,2} table.sort(t) return t', '0'],
  ['local t = {"b","a","c"} table.sort(t, function(a,b) return a > b end) return t', '0'],
  ['local t = {5,3,8,1,9,2,7,4,6,0} table.sort(t) return t', '0'],
  ['local t = {1,2,3} table.insert(t, 4) table.insert(t, 1, 0) return t', '0'],
  ['local t = {1,2,3} local r = table.remove(t) local r2 = table.remove(t, 1) return {r, r2, t[1], #t}', '0'],
  ['return table.concat({1,2,"x"}, ",")', '0'],
  ['return table.concat({1,2,3}, "-", 2, 3)', '0'],
  ['return table.concat({1,{},3})', '0'],
  ['return {table.getn({1,2,3}), table.maxn({1,2,nil,4})}', '0'],
  ['return {unpack({1,2,3})}', '0'],
  ['return select("#", 1, nil, 3)', '0'],
  ['return {select(2, "a", "b", "c")}', '0'],
  ['local t = {n=1, 10, 20} local s = 0 for k, v in pairs(t) do s = s + v end return s', '0'],
  ['local t = {10, 20, 30} local s = "" for i, v in ipairs(t) do s = s .. i .. v end return s', '0'],
  ['local t = {} for i=1,10 do t[i] = i*i end return t', '0'],
  ['local t = {} for i=10,1,-3 do t[#t+1] = i end return t', '0'],
  ['local t = {} for i=1,3,0.5 do t[#t+1] = tostring(i) end return t', '0'],
  ['return next({})', '0'],
  ['local t = {a=1} return {next(t)}', '0'],
  ['return rawequal({}, {})', '0'],
  ['local t = setmetatable({}, {__index=function(t,k) return k.."!" end}) return t.foo', '0'],
  ['local mt = {__add=function(a,b) return a.v+b.v end} local a = setmetatable({v=1}, mt) local b = setmetatable({v=2}, mt) return a+b', '0'],
  ['local t = setmetatable({}, {__tostring=function() return "T!" end}) return tostring(t)', '0'],
  ['local t = setmetatable({}, {__call=function(self, x) return x * 2 end}) return t(21)', '0'],
  ['local t = setmetatable({}, {__newindex=function(t,k,v) rawset(t, k, v*2) end}) t.x = 5 return t.x', '0'],
  ['return getmetatable("abc").__index == string', '0'],
  // closures, varargs, multiple assignment
  ['local function f(...) return select("#", ...) end return f(1, nil, nil)', '0'],
  ['local function f(...) local a, b = ... return {a, b} end return f(1, 2, 3)', '0'],
  ['local function f() return 1, 2, 3 end local t = {f(), f()} return t', '0'],
  ['local function f() return 1, 2, 3 end local a, b, c, d = f() return {a, b, c, d == nil}', '0'],
  ['local a, b = 1, 2 a, b = b, a return {a, b}', '0'],
  ['local fs = {} for i = 1, 3 do fs[i] = function() return i end end return {fs[1](), fs[2](), fs[3]()}', '0'],
  ['local function counter() local n = 0 return function() n = n + 1 return n end end local c = counter() c() c() return c()', '0'],
  ['local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end return fib(20)', '0'],
  ['local x = 0 while x < 10 do x = x + 1 if x == 5 then break end end return x', '0'],
  ['local x = 0 repeat local y = x x = x + 1 until y >= 3 return x', '0'],
  ['local s = 0 for i = 1, 100 do if i % 2 == 0 then s = s + i elseif i % 3 == 0 then s = s - i else s = s + 1 end end return s', '0'],
  ['return (function(...) return ... end)(1, 2, 3)', '0'],
  ['local t = {(function() return 1, 2 end)()} return #t', '0'],
  ['return 1 and 2 or 3', '0'],
  ['return {nil and 1, false or "x", not nil, not 0}', '0'],
  ['return 1 < 2, "a" < "b"', '0'],
  ['return {1 == 1.0, "1" == 1, {} == {}}', '0'],
  ['return math.floor(-3.5) .. "," .. math.ceil(-3.5) .. "," .. math.abs(-2) .. "," .. math.max(1, 5, 3) .. "," .. math.min(4, 2) .. "," .. math.fmod(7, 3) .. "," .. math.sqrt(16)', '0'],
  ['return {math.random(100), math.random(1, 6), math.random(10)}', '0'],
  ['return tostring(math.random())', '0'],
  ['math.randomseed(42) return {math.random(1000), math.random(1000)}', '0'],
  ['return {math.modf(3.7)}', '0'],
  ['return {math.frexp(8)}', '0'],
  ['return tostring(math.huge) .. tostring(-math.huge) .. tostring(math.pi)', '0'],
  // bit
  ['return {bit.band(0xff, 0x0f), bit.bor(1, 2, 4), bit.bxor(5, 3), bit.bnot(0), bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-16, 2)}', '0'],
  ['return {bit.tohex(255), bit.tohex(-1, -4), bit.tohex(0x1234, 2), bit.tobit(2^32 + 5), bit.rol(1, 33), bit.ror(1, 1), bit.bswap(0x12345678)}', '0'],
  // cjson
  ['return cjson.encode({1, 2, "a", {x = 1}, 1.5, 1e100, true})', '0'],
  ['return cjson.encode({})', '0'],
  ['return cjson.encode("a/b\\"\\n\\001")', '0'],
  ['return cjson.encode({a = {b = {c = "d"}}})', '0'],
  ['return cjson.encode({1, nil, 3})', '0'],
  ['return cjson.encode(0.1) .. cjson.encode(123456789012) .. cjson.encode(-0.5) .. cjson.encode(1e15)', '0'],
  ['return cjson.encode({[1]=1, [100]=2})', '0'],
  ['return cjson.encode(cjson.null)', '0'],
  ['local t = cjson.decode("[1,2,{\\"a\\":null,\\"b\\":[true,false]}]") return {t[1], t[2], t[3].a == cjson.null, t[3].b[1], tostring(t[3].b[2])}', '0'],
  ['local t = cjson.decode("{\\"n\\":1.5e3,\\"s\\":\\"x\\\\u00e9\\\\n\\"}") return {tostring(t.n), t.s}', '0'],
  ['return cjson.decode("[1,2")', '0'],
  ['return cjson.decode("{\\"a\\" 1}")', '0'],
  ['return cjson.encode(cjson.decode("[1,\\"a\\",[],{}]"))', '0'],
  ['return cjson.encode(function() end)', '0'],
  // cmsgpack / struct
  ['return cmsgpack.pack({1, 2, 3})', '0'],
  ['return cmsgpack.pack("abc", 1, -1, 300, true, 1.5)', '0'],
  ['return {cmsgpack.unpack(cmsgpack.pack(1, "two", {3}))}', '0'],
  ['return struct.pack(">I2", 258)', '0'],
  ['return {struct.unpack("<i4", struct.pack("<i4", -5))}', '0'],
  // redis API
  ['return redis.sha1hex("")', '0'],
  ['return redis.sha1hex("hello")', '0'],
  ['return redis.REDIS_VERSION_NUM', '0'],
  ['return redis.REDIS_VERSION', '0'],
  ['return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING, redis.REPL_ALL, redis.REPL_NONE, redis.REPL_AOF, redis.REPL_REPLICA}', '0'],
  ['return redis.replicate_commands()', '0'],
  ['redis.log(redis.LOG_DEBUG, "hi") return 1', '0'],
  ['return redis.call("set", KEYS[1], ARGV[1])', '1', 'sk', 'v1'],
  ['return redis.call("get", KEYS[1])', '1', 'sk'],
  ['return redis.call("get", "nosuchkey")', '0'],
  ['return redis.call("incr", "ctr")', '0'],
  ['return redis.call("incrbyfloat", "fl", "1.5")', '0'],
  ['return redis.call("set", "n", 1.5)', '0'],
  ['return redis.call("get", "n")', '0'],
  ['return redis.call("set", "n", 100)', '0'],
  ['return redis.call("set", "n", 2^53)', '0'],
  ['return redis.call("get", "n")', '0'],
  ['return redis.call("ping")', '0'],
  ['return redis.call("mget", "sk", "nosuch", "ctr")', '0'],
  ['return redis.call("exists", "sk", "ctr")', '0'],
  ['redis.call("del", "h") redis.call("hset", "h", "a", "1", "b", "2") return redis.call("hgetall", "h")', '0'],
  ['return redis.call("type", "h")', '0'],
  ['return redis.call("set", "sk", "x", "get")', '0'],
  ['return redis.call("incr", "sk")', '0'],
  ['return redis.pcall("incr", "sk")', '0'],
  ['local r = redis.pcall("incr", "sk") return r.err', '0'],
  ['local ok, e = pcall(redis.call, "incr", "sk") return {tostring(ok), e.err}', '0'],
  ['return redis.call("nosuch")', '0'],
  ['return redis.pcall("nosuch")', '0'],
  ['return redis.call("get")', '0'],
  ['return redis.call("incr", "a", "b")', '0'],
  ['return redis.call()', '0'],
  ['return redis.call("get", {})', '0'],
  ['return redis.call("multi")', '0'],
  ['return redis.call("eval", "return 1", "0")', '0'],
  ['return redis.call("script", "load", "return 1")', '0'],
  ['return redis.call("hget", "sk", "x")', '0'],
  ['return redis.setresp(4)', '0'],
  ['redis.setresp(3) return redis.call("hgetall", "h")', '0'],
  ['redis.setresp(3) return redis.call("get", "nosuch")', '0'],
  ['redis.setresp(3) local r = redis.call("hgetall", "h") return {r.map.a, r.map.b}', '0'],
  ['redis.setresp(3) return true', '0'],
  ['redis.setresp(3) return false', '0'],
  ['redis.setresp(3) local r = redis.call("zscore", "nosuchz", "a") return tostring(r)', '0'],
  ['redis.call("del", "zz") redis.call("zadd", "zz", "1.5", "a") redis.setresp(3) local r = redis.call("zscore", "zz", "a") return {tostring(r.double), type(r)}', '0'],
  ['redis.call("del", "zz") redis.call("zadd", "zz", "1.5", "a") redis.setresp(3) return redis.call("zscore", "zz", "a")', '0'],
  ['redis.call("del", "ss") redis.call("sadd", "ss", "m") redis.setresp(3) return redis.call("smembers", "ss")', '0'],
  ['redis.call("select", 1) redis.call("set", "indb1", "x") return redis.call("get", "indb1")', '0'],
  ['return redis.call("get", "indb1")', '0'],
  // errors
  ['return x', '0'],
  ['x = 1', '0'],
  ['local t = nil; return t.x', '0'],
  ['return 1 + {}', '0'],
  ['return foo(', '0'],
  ['return nil + 1', '0'],
  ['local a; a()', '0'],
  ['string.foo()', '0'],
  ['string.x = 1', '0'],
  ['error("boom")', '0'],
  ['error("boom", 0)', '0'],
  ['error({err="X boom"})', '0'],
  ['\n\nerror("on line 3")', '0'],
  ['local function f()\n error("in f", 2)\nend\nf()', '0'],
  ['local ok, e = pcall(error, "x") return {tostring(ok), e}', '0'],
  ['local ok, e = pcall(function() error({code=1}) end) return e.code', '0'],
  ['local ok, e = pcall(function() local x = nil; return x.y end) return e', '0'],
  ['local ok, e = pcall(string.rep) return e', '0'],
  ['return string.rep()', '0'],
  ['return ("x"):bad()', '0'],
  ['return #nil', '0'],
  ['return {} .. "x"', '0'],
  ['return 1 < "x"', '0'],
  ['return {} < {}', '0'],
  ['local t = {} t[nil] = 1', '0'],
  ['for i = 1, "x" do end', '0'],
  ['return xpcall(function() error("E") end, function(m) return "handled: " .. m end)', '0'],
  ['assert(false)', '0'],
  ['assert(false, "my message")', '0'],
  ['assert(1 == 1, "fine") return "ok"', '0'],
  ['return tostring(nil) .. tostring(true) .. type(print)', '0'],
  ['return type(loadstring)', '0'],
  ['return loadstring("return 1 + 1")()', '0'],
  ['return {loadstring("return +")}', '0'],
  ['return tostring(setmetatable({}, {__metatable="locked"}) and getmetatable(setmetatable({}, {__metatable="locked"})))', '0'],
  ['local s = "" for k in pairs(KEYS) do s = s .. k end return s', '2', 'a', 'b'],
  ['return "line1\\nline2"', '0'],
  ['return {err="multi\\nline"}', '0'],
  ['return _VERSION', '0'],
  ['return type(_G)', '0'],
  ['return _G.KEYS[1]', '1', 'kk'],
  ['local t = {} t.a = 1 t.a = nil return next(t) == nil', '0'],
  ['return [[long\nstring]] .. [==[ with ]] inside ]==]', '0'],
  ['-- comment\n--[[ block\ncomment ]] return 42', '0'],
  ['return "\\65\\066\\x" .. "\\\\"', '0'],
  ['return 0x10 + 1e1 + .5', '0'],
  ['local a = {} a[1.0] = "one" a[2] = "two" return {a[1], #a}', '0'],
  ['return string.format("%d", 3.99)', '0'],
  ['return string.format("%d", "x")', '0'],
  ['return math.floor(2^31 + 0.5)', '0'],
  ['return 9007199254740993', '0'],
  ['return -9223372036854775808', '0'],
  ['return 1e19', '0'],
  // Libraries, conversions and error positions (luaL_error vs errors raised inside natives).
  ["return string.format(\"%5.1s|%x|%X|%c|%o\", \"abc\", -1, 255, 0, -8)", '0'],
  ["return {tostring(tonumber(\"0x\")), tostring(tonumber(\"1e1\", 10)), tostring(tonumber(\" 10 \", 16)), tostring(tonumber(\"-ff\", 16)), tostring(tonumber(\"8\", 8)), tostring(tonumber(\"7\", 8)), tostring(tonumber(\"1.5\", 10)), tostring(tonumber(nil))}", '0'],
  ["return {math.fmod(-7, 3), math.fmod(7, -3), math.floor(1e300) == 1e300, math.max(\"10\", 9), math.min(1)}", '0'],
  ["return {string.byte(\"hello\", -2, -1)}", '0'],
  ["return table.remove({})", '0'],
  ["table.insert({}, 1, 2, 3)", '0'],
  ["return {unpack({1, nil, 3})}", '0'],
  ["return {string.gsub(\"hello world\", \"^h\", \"H\")}", '0'],
  ["return {string.gsub(\"abc\\0def\", \"%z\", \"0\")}", '0'],
  ["return {\"a\\0b\" < \"a\\0c\", \"abc\" < \"abd\", \"Z\" < \"a\", \"\" < \"a\"}", '0'],
  ["local t = {} for i = 0.1, 0.5, 0.1 do t[#t+1] = tostring(i) end return t", '0'],
  ["return 1/0", '0'],
  ["return -1/0", '0'],
  ["return {1/0, -1/0, 2^63, -2^63, 2^64}", '0'],
  ["return 1e100 .. \"\"", '0'],
  ["return 12345678901234567890 .. \"\"", '0'],
  ["error(123)", '0'],
  ["error(true)", '0'],
  ["error(nil)", '0'],
  ["error(\"msg\\nwith newline\")", '0'],
  ["local fs = {} local i = 1 while i <= 3 do local j = i fs[i] = function() return j end i = i + 1 end return {fs[1](), fs[2](), fs[3]()}", '0'],
  ["return [==[\na]]b]==]", '0'],
  ["return redis.call(\"set\", \"k\", true)", '0'],
  ["return redis.sha1hex(123)", '0'],
  ["return redis.sha1hex()", '0'],
  ["redis.log(\"x\")", '0'],
  ["redis.log(99, \"x\")", '0'],
  ["redis.log(redis.LOG_WARNING)", '0'],
  ["return {err=\"E1\", ok=\"ignored\"}", '0'],
  ["return {1, {ok=\"fine\"}, {err=\"nested\"}, 4}", '0'],
  ["local t = {} for i = 1, 5000 do t[i] = i end return t", '0'],
  ["return {1, 2, 3, n = 4}", '0'],
  ["return {1.9, -1.9, 0.5}", '0'],
  ["redis.call(\"set\", \"bin\", \"a\\0b\\255\") return redis.call(\"get\", \"bin\")", '0'],
  ["return redis.call(\"strlen\", \"bin\")", '0'],
  ["return string.len(redis.call(\"get\", \"bin\"))", '0'],
  ["return redis.call(\"hgetall\")", '0'],
  ["return redis.call(\"get\", \"k\", \"extra\")", '0'],
  ["return redis.call(\"incrbyfloat\", \"fl2\", 0.1)", '0'],
  ["return redis.call(\"incrby\", \"ib\", 1e3)", '0'],
  ["return redis.call(\"incrby\", \"ib\", 2.5)", '0'],
  ["return {pcall(error)}", '0'],
  ["return {pcall(error, nil)}", '0'],
  ["return select(-1, 1, 2, 3)", '0'],
  ["return select(0, 1)", '0'],
  ["return {string.find(\"abc\", \"b\", -1)}", '0'],
  ["return {string.find(\"abc\", \"\", 10)}", '0'],
  ["return {string.find(\"abc\", \"\", 4)}", '0'],
  ["return {string.match(\"hello\", \".-(l+)(.*)\")}", '0'],
  ["return {string.gsub(\"abc\", \".\", {a=1, b=true})}", '0'],
  ["return string.rep(\"x\", 0) .. string.rep(\"ab\", 2)", '0'],
  ["return #string.format(\"%099d\", 7)", '0'],
  ["return string.format(\"%5.2s|%-8.3f|%+.2e\", \"xyz\", 3.14159, -0.000123)", '0'],
  ["return string.format(\"%g %g %g %g\", 1e-4, 1e-5, 123456, 1234567)", '0'],
  ["return string.format(\"%.0f %.1f %.2f\", 0.5, 0.05, 1.005)", '0'],
  ["return tostring(0.1 + 0.2) .. \" \" .. tostring(100 * 1.1) .. \" \" .. tostring(1/7)", '0'],
  ["return math.huge > 1e308", '0'],
  ["return {math.abs(-0), 3 % math.huge, -3 % math.huge}", '0'],
  ["return (\"x\"):len() + #\"abc\"", '0'],
  ["local s = \"a,b,,c\" local t = {} for f in (s .. \",\"):gmatch(\"([^,]*),\") do t[#t+1] = f end return t", '0'],
  ["local t = {} for k, v in string.gmatch(\"k1=v1;k2=v2\", \"(%w+)=(%w+)\") do t[k] = v end return cjson.encode(t)", '0'],
  ["return cjson.encode({[\"1\"]=1, [2]=2})", '0'],
  ["return cjson.encode({1, 2, [4]=4})", '0'],
  ["return cjson.encode({[1]=1, [2]=2, [3]=3, [20]=20})", '0'],
  ["return cjson.encode({1.5, -0.0, 1e-7, 123456789.123})", '0'],
  ["return cjson.encode(\"\\127\\128\\255\")", '0'],
  ["return cjson.decode(\"\\\"\\\\ud83d\\\\ude00\\\"\")", '0'],
  ["return cjson.decode(\"  42  \")", '0'],
  ["return cjson.decode(\"[1,2,]\")", '0'],
  ["return cjson.decode(\"{\\\"a\\\":1,}\")", '0'],
  ["return cjson.decode(\"nul\")", '0'],
  ["return cjson.decode(\"\")", '0'],
  ["return cjson.encode({{}, {{}}})", '0'],
  ["return type(cjson.decode(\"null\"))", '0'],
  ["return cmsgpack.unpack(cmsgpack.pack({1, 2, {a = 1}}))[3].a", '0'],
  ["return {bit.band(-1, 0xffffffff), bit.tobit(0xffffffff), bit.lshift(1, 32), bit.rshift(1, -1), bit.tohex(-1), bit.tohex(1, 0)}", '0'],
  ["return {bit.band(1.5, 3), bit.bor(\"3\", 4)}", '0'],
  ["return bit.band()", '0'],
  ["return {struct.pack(\"<HB\", 1, 2), struct.size(\">iH\"), struct.unpack(\">H\", \"\\1\\2\")}", '0'],
  ["local a, b = pcall(struct.unpack, \"i\", \"x\") return {tostring(a), b}", '0'],
  ["return tostring(getmetatable({}))", '0'],
  ["return rawget(_G, \"nosuch\") == nil", '0'],
  ["return rawequal(\"a\", \"a\")", '0'],
  ["local t = setmetatable({}, {__index = {x = 5}}) return {t.x, rawget(t, \"x\") == nil}", '0'],
  ["local t = {} setmetatable(t, {__len = function() return 99 end}) return #t", '0'],
  ["local mt = {__eq = function() return true end} local a = setmetatable({}, mt) local b = setmetatable({}, mt) return a == b", '0'],
  ["local mt = {__lt = function(a, b) return a.v < b.v end} local a = setmetatable({v=1}, mt) local b = setmetatable({v=2}, mt) return {a < b, b < a}", '0'],
  ["local mt = {__concat = function(a, b) return \"cat\" end} return setmetatable({}, mt) .. \"x\"", '0'],
  ["local mt = {__unm = function(a) return 42 end} return -setmetatable({}, mt)", '0'],
  ["return next({}, \"nokey\")", '0'],
  ["local t = {a=1} return next(t, \"a\")", '0'],
  ["return ipairs()", '0'],
  ["local n = 0 for i, v in ipairs({1, 2, nil, 4}) do n = n + 1 end return n", '0'],
  ["return {table.concat({}), table.concat({1}, \",\", 1, 1), table.concat({1, 2}, \",\", 3)}", '0'],
  ["return table.concat({1, 2, 3}, \", \", 1, 5)", '0'],
  ["local t = {3, 1, 2} table.sort(t, function(a, b) return a > b end) return t", '0'],
  ["local t = {\"b\", 1} table.sort(t) return t", '0'],
  ["local t = {} for i = 1, 100 do t[i] = (i * 37) % 101 end table.sort(t) return {t[1], t[50], t[100]}", '0'],
  ["local t = {5, 5, 5, 1} table.sort(t, function(a, b) return a <= b end) return t", '0'],
  ["return tostring(1e15) .. tostring(1e14 + 0.5) .. tostring(-123456789012345.6)", '0'],
  ["return string.format(\"%s\", setmetatable({}, {__tostring = function() return \"obj\" end}))", '0'],
  ["return tostring(redis.call(\"ping\").ok)", '0'],
  ["return redis.call(\"echo\", \"a\\r\\nb\")", '0'],
  ["return redis.status_reply(\"a\\r\\nb\")", '0'],
  ["return redis.error_reply(\"a\\r\\nb\")", '0'],
  ["return {redis.call(\"exists\", \"nosuch\"), redis.call(\"ttl\", \"nosuch\"), redis.call(\"type\", \"nosuch\")}", '0'],
  ["redis.call(\"del\", \"l1\") redis.call(\"rpush\", \"l1\", \"a\", \"b\") return redis.call(\"lrange\", \"l1\", 0, -1)", '0'],
  ["redis.setresp(3) return redis.call(\"hello\", \"3\")", '0'],
  ["return redis.call(\"client\", \"id\") > 0", '0'],
  ["return redis.call(\"config\", \"get\", \"maxmemory\")", '0'],
  ["return redis.call(\"object\", \"encoding\", \"nosuch\")", '0'],
  ["return redis.call(\"debug\", \"sleep\", 0)", '0'],
  ['return {tostring(tostring):sub(1,12), tostring(function() end):sub(1,12), tostring({}):sub(1,9), tostring(cjson.null), type(cjson.null)}', '0'],
  // Table layout as Lua 5.1's ltable.c: pairs/next order, # borders, cjson object key order.
  ['return cjson.encode({a=1, b=2, c=3, name="x", id=7, status="ok"})', '0'],
  ['local t = {} for k in pairs({alpha=1, beta=2, gamma=3, delta=4, epsilon=5, [1]=1, [3]=3, [10]=10, [2.5]=1, [true]=1}) do t[#t+1] = tostring(k) end return t', '0'],
  ['local t = {} t.x = 1 t.y = 2 t.z = 3 t.x = nil t.w = 4 local o = {} for k, v in pairs(t) do o[#o+1] = k end return o', '0'],
  ['local t = {} for i = 1, 20 do t["k" .. i] = i end local o = {} for k in pairs(t) do o[#o+1] = k end return o', '0'],
  ['local t = {} t[1]=1 t[2]=2 t[4]=4 return #t', '0'],
  ['local t = {1, 2, nil, 4} return #t', '0'],
  ['local t = {} for i = 1, 10 do t[i * 2] = i end return #t', '0'],
  ['local t = {n = 0} for i = 1, 5 do t[i] = i end t[3] = nil return {#t, cjson.encode(t)}', '0'],
  ['return cjson.encode(cjson.decode(\'{"b":1,"a":2,"c":{"y":1,"x":2},"list":[1,2,3]}\'))', '0'],
  ['local r = {} for k, v in pairs(redis.call("hgetall", "nohash")) do r[#r+1] = k end return #r', '0'],
  ['redis.setresp(3) redis.call("del","hh") redis.call("hset", "hh", "f1", "1", "f2", "2", "f3", "3", "zz", "4") local m = redis.call("hgetall", "hh").map local o = {} for k in pairs(m) do o[#o+1] = k end return o', '0'],
  ['local t = {} for i = 1, 100 do t[i] = i end for i = 1, 100, 3 do t[i] = nil end return {#t, select("#", unpack(t))}', '0'],
  ['local t = {10, 20, 30, x = 1, y = 2} table.insert(t, 40) t.z = 3 local o = {} for k, v in pairs(t) do o[#o+1] = tostring(k) end return o', '0'],
  ['return cjson.encode({[1]=1, [2]=2, [4]=4})', '0'],
  ['return cmsgpack.pack({a=1, b=2, c=3})', '0'],
  ['local t = setmetatable({}, {}) t.b = 1 t.a = 2 local s = "" for k in pairs(t) do s = s .. k end return s', '0'],
  ['local t = {} for i = 1, 64 do t["key:" .. i .. ":name"] = i end local s = "" for k, v in pairs(t) do s = s .. v .. "," end return s', '0'],
];

// LUA_CASES_ONLY=1 lets a dev script import SCRIPT_CASES without running the tests.
const maybeTest: typeof test = process.env.LUA_CASES_ONLY === '1' ? ((() => undefined) as unknown as typeof test) : test;

maybeTest('EVAL replies match Redis 7.0 (RESP2 and RESP3)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const pair = await Pair.start();
  try {
    const mismatches: string[] = [];
    for (const resp of ['2', '3']) {
      await pair.both('HELLO', resp);
      await pair.both('FLUSHALL');
      for (const c of SCRIPT_CASES) {
        const [x, y] = await pair.both('EVAL', ...c);
        if (x !== y) mismatches.push(`RESP${resp} ${JSON.stringify(c)}\n  tsredis: ${JSON.stringify(x)}\n  redis:   ${JSON.stringify(y)}`);
      }
    }
    assert.deepEqual(mismatches, []);
  } finally {
    await pair.close();
  }
});

maybeTest('EVALSHA, SCRIPT LOAD/EXISTS/FLUSH, EVAL_RO and argument errors match Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const pair = await Pair.start();
  try {
    const cmds: string[][] = [
      ['SCRIPT', 'FLUSH'],
      ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'],
      ['EVALSHA', 'short', '0'],
      ['SCRIPT', 'LOAD', 'return ARGV[1]'],
      ['EVALSHA', '6cba2d2fb0ccb5c2fcf8d1bc8bcbbcf4c05a77fc', '0', 'x'],
      ['SCRIPT', 'EXISTS', '6cba2d2fb0ccb5c2fcf8d1bc8bcbbcf4c05a77fc', 'ffffffffffffffffffffffffffffffffffffffff'],
      ['SCRIPT', 'EXISTS', '6CBA2D2FB0CCB5C2FCF8D1BC8BCBBCF4C05A77FC'],
      ['EVALSHA', '6CBA2D2FB0CCB5C2FCF8D1BC8BCBBCF4C05A77FC', '0', 'y'],
      ['EVAL', 'return redis.call("get", KEYS[1])', '1', 'x'],
      ['EVALSHA_RO', '6cba2d2fb0ccb5c2fcf8d1bc8bcbbcf4c05a77fc', '0', 'z'],
      ['SCRIPT', 'FLUSH', 'ASYNC'],
      ['SCRIPT', 'EXISTS', '6cba2d2fb0ccb5c2fcf8d1bc8bcbbcf4c05a77fc'],
      ['SCRIPT', 'FLUSH', 'SYNC'],
      ['SCRIPT', 'FLUSH', 'foo'],
      ['SCRIPT', 'FLUSH', 'a', 'b'],
      ['SCRIPT', 'LOAD', 'return +'],
      ['SCRIPT', 'KILL'],
      ['SCRIPT', 'HELP'],
      ['SCRIPT', 'NOSUCH'],
      ['SCRIPT', 'EXISTS'],
      ['SCRIPT', 'DEBUG', 'NO'],
      ['EVAL', 'return 1', '-1'],
      ['EVAL', 'return 1', '2', 'a'],
      ['EVAL', 'return 1', 'x'],
      ['EVAL', 'return 1'],
      ['EVAL_RO', 'return redis.call("set", "a", "b")', '0'],
      ['EVAL_RO', 'return redis.call("get", "a")', '0'],
      ['EVAL', '#!lua flags=no-writes\nreturn redis.call("set", "a", "b")', '0'],
      ['EVAL', '#!lua\nreturn redis.call("set", "a", "b")', '0'],
      ['EVAL', '#!lua flags=no-writes\nreturn 1', '0'],
      ['EVAL_RO', '#!lua\nreturn 1', '0'],
      ['EVAL_RO', '#!lua flags=no-writes\nreturn 1', '0'],
      ['EVAL', '#!lua flags=no-writes,allow-oom\nreturn 1', '0'],
      ['EVAL', '#!lua flags=bad\nreturn 1', '0'],
      ['EVAL', '#!lua foo=bar\nreturn 1', '0'],
      ['EVAL', '#!luax\nreturn 1', '0'],
      ['EVAL', '#!lua name=x\nreturn 1', '0'],
      ['EVAL', '#!lua  flags=no-writes\nreturn redis.call("get", "x")', '0'],
      ['COMMAND', 'INFO', 'eval', 'evalsha', 'eval_ro', 'evalsha_ro'],
      ['COMMAND', 'GETKEYS', 'EVAL', 'return 1', '2', 'a', 'b', 'c'],
    ];
    const mismatches: string[] = [];
    for (const c of cmds) {
      const [x, y] = await pair.both(...c);
      if (x !== y) mismatches.push(`${JSON.stringify(c)}\n  tsredis: ${JSON.stringify(x)}\n  redis:   ${JSON.stringify(y)}`);
    }
    assert.deepEqual(mismatches, []);
  } finally {
    await pair.close();
  }
});

maybeTest('script writes propagate as MULTI/EXEC (MONITOR-free check through a replica feed)', async () => {
  const ts = await startTsredis();
  try {
    const seen: string[][] = [];
    ts.server.propagateHooks.push((_db, argv) => seen.push(argv));
    const c = await RawClient.connect(ts.port);
    await c.call('EVAL', 'redis.call("set", "a", "1") redis.call("incr", "a") return redis.call("get", "a")', '0');
    await c.call('EVAL', 'redis.call("set", "b", "1") return 1', '0');
    await c.call('EVAL', 'return redis.call("get", "b")', '0');
    assert.deepEqual(seen, [['MULTI'], ['set', 'a', '1'], ['incr', 'a'], ['EXEC'], ['set', 'b', '1']]);
    seen.length = 0;
    // Inside MULTI/EXEC the transaction wraps the script's writes (no nested MULTI).
    await c.call('MULTI');
    await c.call('EVAL', 'redis.call("set", "c", "1") redis.call("set", "d", "1") return 1', '0');
    await c.call('SET', 'e', '1');
    await c.call('EXEC');
    assert.deepEqual(seen, [['MULTI'], ['set', 'c', '1'], ['set', 'd', '1'], ['SET', 'e', '1'], ['EXEC']]);
    seen.length = 0;
    // redis.set_repl(REPL_NONE) keeps the following writes local; a failing script still
    // propagates what it wrote before the error.
    await c.call('EVAL', 'redis.call("set", "f", "1") redis.set_repl(redis.REPL_NONE) redis.call("set", "g", "1") return 1', '0');
    await c.call('EVAL', 'redis.call("set", "h", "1") error("x")', '0');
    assert.deepEqual(seen, [['set', 'f', '1'], ['set', 'h', '1']]);
    c.close();
  } finally {
    await ts.close();
  }
});

maybeTest('ioredis defineCommand: EVALSHA with NOSCRIPT fallback, pipelines, script errors', async () => {
  const ts = await startTsredis();
  const client = new Redis({ port: ts.port, lazyConnect: true, enableOfflineQueue: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    client.defineCommand('pushJob', {
      numberOfKeys: 2,
      lua: `
        local id = redis.call("INCR", KEYS[1])
        local jobKey = KEYS[2] .. ":" .. id
        redis.call("HSET", jobKey, "name", ARGV[1], "data", ARGV[2], "opts", cjson.encode({attempts = tonumber(ARGV[3])}))
        redis.call("ZADD", KEYS[2] .. ":wait", id, jobKey)
        return {id, jobKey, redis.call("ZCARD", KEYS[2] .. ":wait")}`,
    });
    const push = (client as unknown as { pushJob: (...a: string[]) => Promise<unknown> }).pushJob.bind(client);
    assert.deepEqual(await push('q:id', 'q', 'email', '{"to":"a"}', '3'), [1, 'q:1', 1]);
    await client.script('FLUSH');
    // NOSCRIPT: ioredis retries with EVAL and the script is cached again.
    assert.deepEqual(await push('q:id', 'q', 'sms', '{}', '1'), [2, 'q:2', 2]);
    const results = await client.pipeline().hget('q:1', 'opts').eval('return redis.call("HGET", KEYS[1], "name")', 1, 'q:2').exec();
    assert.deepEqual(results, [[null, '{"attempts":3}'], [null, 'sms']]);
    await assert.rejects(client.eval('return redis.call("INCR", KEYS[1])', 1, 'q:1'), /WRONGTYPE Operation against a key holding the wrong kind of value script: [0-9a-f]{40}, on @user_script:1\./);
    assert.equal(await client.evalsha('ffffffffffffffffffffffffffffffffffffffff', 0).catch((e: Error) => e.message), 'NOSCRIPT No matching script. Please use EVAL.');
  } finally {
    client.disconnect();
    await ts.close();
  }
});

maybeTest('FUNCTION LOAD/LIST/DELETE/FLUSH/STATS and FCALL/FCALL_RO match Redis (RESP2 and RESP3)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const pair = await Pair.start();
  try {
    const L = (s: string): string => '#!lua name=' + s;
    const cmds: string[][] = [
     ['FUNCTION','FLUSH'],
     ['FUNCTION','LOAD', L("mylib\nredis.register_function('myfunc', function(keys, args) return {keys[1], args[1]} end)")],
     ['FCALL','myfunc','1','k','a'],
     ['FCALL_RO','myfunc','0'],
     ['FCALL','nosuch','0'],
     ['FUNCTION','LOAD', L("mylib\nreturn 1")],
     ['FUNCTION','LOAD', 'return 1'],
     ['FUNCTION','LOAD', L("lib2\nreturn 1")],
     ['FUNCTION','LOAD', L("lib2\nredis.call('ping')")],
     ['FUNCTION','LOAD', L("lib3\nredis.register_function('myfunc', function() return 1 end)")],
     ['FUNCTION','LOAD', L("lib4\nredis.register_function('f4', function() return x end)")],
     ['FCALL','f4','0'],
     ['FUNCTION','LOAD', L("lib5\nredis.register_function{function_name='ro', callback=function(keys, args) return redis.call('set','x','y') end, flags={'no-writes'}, description='desc'}")],
     ['FCALL','ro','0'], ['FCALL_RO','ro','0'],
     ['FUNCTION','LIST','LIBRARYNAME','lib5'],
     ['FUNCTION','LIST','WITHCODE','LIBRARYNAME','lib4'],
     ['FUNCTION','LIST','LIBRARYNAME'],
     ['FUNCTION','LIST','BAD'],
     ['FUNCTION','STATS'],
     ['FUNCTION','DELETE','nosuch'], ['FUNCTION','DELETE','lib4'], ['FCALL','f4','0'],
     ['FUNCTION','LOAD', L("lib5 foo=bar\nreturn 1")], ['FUNCTION','LOAD', '#!lua\nreturn 1'], ['FUNCTION','LOAD', '#!py name=x\nreturn 1'],
     ['FUNCTION','LOAD', L("lib7\nfoo(")],
     ['FUNCTION','LOAD', L("lib9\nredis.register_function('f', function() return 1 end, 'x')")],
     ['FUNCTION','LOAD', L("lib9\nredis.register_function{function_name='f', callback=function() return 1 end, flags={'bad'}}")],
     ['FUNCTION','LOAD', L("lib9\nredis.register_function('f', 'notfn')")],
     ['FUNCTION','LOAD', L("lib9\nredis.register_function('f', function() return 1 end)\nredis.register_function('f', function() return 1 end)")],
     ['FUNCTION','LOAD', L("lib9\nredis.register_function{function_name='f', callback=function() return 1 end, foo=1}")],
     ['FUNCTION','LOAD', L("lib9\nreturn redis.setresp")],
     ['FUNCTION','LOAD', L("lib 9\nreturn 1")],
     ['FUNCTION','LOAD', L("lib9\nredis.register_function('a b', function() end)")],
     ['FUNCTION','LOAD', 'REPLACE', L("mylib\nredis.register_function('myfunc', function(keys, args) return 'v2' end)")],
     ['FCALL','myfunc','0'],
     ['FUNCTION','LOAD', 'BAD', L("mylib\nreturn 1")],
     ['FUNCTION','LOAD', L("lib10\nredis.register_function('g', function(keys, args) error('boom') end)\nredis.register_function('h', function(keys, args) return redis.call('incr', keys[1]) end)")],
     ['FCALL','g','0'], ['SET','s','x'], ['FCALL','h','1','s'], ['FCALL','h','-1'], ['FCALL','h','5'],
     ['FUNCTION','FLUSH','x'], ['FUNCTION','KILL'], ['FUNCTION','STATS'], ['FUNCTION','FLUSH','ASYNC'], ['FUNCTION','LIST'],
     ['COMMAND','INFO','fcall','fcall_ro'],
    ];
    const mismatches: string[] = [];
    for (const resp of ['2', '3']) {
      await pair.both('HELLO', resp);
      for (const c of cmds) {
        const [x, y] = await pair.both(...c);
        if (x !== y) mismatches.push(`RESP${resp} ${JSON.stringify(c)}\n  tsredis: ${JSON.stringify(x)}\n  redis:   ${JSON.stringify(y)}`);
      }
    }
    assert.deepEqual(mismatches, []);
  } finally {
    await pair.close();
  }
});

maybeTest('a runaway script is stopped after busy-reply-threshold (the server stays usable)', async () => {
  const ts = await startTsredis({ 'busy-reply-threshold': '100' });
  try {
    const c = await RawClient.connect(ts.port);
    const r = await c.call('EVAL', 'local i = 0\nwhile true do i = i + 1 end', '0');
    assert.match(r, /^-ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:2\.\r\n$/);
    // pcall cannot swallow the kill.
    const r2 = await c.call('EVAL', 'return pcall(function() while true do end end)', '0');
    assert.match(r2, /^-ERR Script killed/);
    assert.equal(await c.call('PING'), '+PONG\r\n');
    c.close();
  } finally {
    await ts.close();
  }
});

maybeTest('MONITOR shows EVAL from the caller, then the script\'s commands as "lua"', async () => {
  const ts = await startTsredis();
  try {
    const m = await RawClient.connect(ts.port);
    await m.call('MONITOR');
    const c = await RawClient.connect(ts.port);
    await c.call('EVAL', 'return redis.call("set", KEYS[1], "v")', '1', 'mk');
    const lines = [await m.readReply(), await m.readReply()].map((l) => l.replace(/^\+\d+\.\d+ \[0 [^\]]+\]/, ''));
    assert.deepEqual(lines, [' "EVAL" "return redis.call(\\"set\\", KEYS[1], \\"v\\")" "1" "mk"\r\n', ' "set" "mk" "v"\r\n']);
    m.close();
    c.close();
  } finally {
    await ts.close();
  }
});

maybeTest('scripts over maxmemory: denyoom commands refused inside, shebang scripts refused up front (allow-oom, no-writes)', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const pair = await Pair.start();
  try {
    const cmds: string[][] = [
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
      ['SET', 'big', 'x'.repeat(1000)],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['EVAL', "return redis.call('set','a','b')", '0'],
      ['EVAL', "return redis.call('get','a')", '0'],
      ['EVAL', '#!lua\nreturn 1', '0'],
      ['EVAL', '#!lua flags=no-writes\nreturn 1', '0'],
      ['EVAL', "#!lua flags=allow-oom\nreturn redis.call('set','a','b')", '0'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
    ];
    for (const c of cmds) {
      const [x, y] = await pair.both(...c);
      assert.equal(x, y, c.join(' '));
    }
  } finally {
    await pair.close();
  }
});

maybeTest('FUNCTION DUMP/RESTORE payloads and policies match Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const pair = await Pair.start();
  try {
    const mismatches: string[] = [];
    const run = async (...c: string[]): Promise<string> => {
      const [x, y] = await pair.both(...c);
      if (x !== y) mismatches.push(`${JSON.stringify(c)}\n  tsredis: ${JSON.stringify(x)}\n  redis:   ${JSON.stringify(y)}`);
      return x;
    };
    const bulk = (r: string): string => r.slice(r.indexOf('\r\n') + 2, -2);
    const L1 = "#!lua name=lib1\nredis.register_function('f1', function() return 1 end)";
    const L2 = "#!lua name=lib2\nredis.register_function('f2', function() return 2 end)";
    await run('FUNCTION', 'DUMP');
    await run('FUNCTION', 'LOAD', L1);
    const payload = bulk(await run('FUNCTION', 'DUMP'));
    await run('FUNCTION', 'RESTORE', payload);
    await run('FUNCTION', 'RESTORE', payload, 'APPEND');
    await run('FUNCTION', 'RESTORE', payload, 'REPLACE');
    await run('FCALL', 'f1', '0');
    await run('FUNCTION', 'RESTORE', payload, 'BAD');
    await run('FUNCTION', 'RESTORE', payload, 'FLUSH', 'x');
    await run('FUNCTION', 'RESTORE', 'garbage');
    await run('FUNCTION', 'FLUSH');
    await run('FUNCTION', 'LOAD', L2);
    await run('FUNCTION', 'RESTORE', payload, 'FLUSH');
    await run('FUNCTION', 'LIST');
    await run('FUNCTION', 'LOAD', L2);
    await run('FUNCTION', 'RESTORE', payload);
    await run('SET', 'k', 'v');
    await run('FUNCTION', 'RESTORE', bulk(await run('DUMP', 'k')));
    await run('FUNCTION', 'FLUSH');
    // A library long enough for LZF compression of its code.
    await run('FUNCTION', 'LOAD', "#!lua name=big\nredis.register_function('fbig', function() return '" + 'x'.repeat(200) + "' end)");
    const big = bulk(await run('FUNCTION', 'DUMP'));
    await run('FUNCTION', 'RESTORE', big, 'REPLACE');
    await run('FCALL', 'fbig', '0');
    assert.deepEqual(mismatches, []);
  } finally {
    await pair.close();
  }
});

maybeTest('errorstats, total_error_replies and commandstats (failed/rejected) of script errors match Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const pair = await Pair.start();
  try {
    const seq: string[][] = [
      ['SET', 's', 'x'],
      ['EVAL', 'return redis.pcall("incr","s")', '0'],
      ['EVAL', 'return redis.call("incr","s")', '0'],
      ['EVAL', 'error("x")', '0'],
      ['EVAL', 'return {err="MY e"}', '0'],
      ['EVAL', 'local r = redis.pcall("nosuch") return 1', '0'],
      ['EVAL', 'return redis.call("nosuch")', '0'],
      ['EVAL', 'return redis.error_reply("X y")', '0'],
      ['EVAL', 'local ok, e = pcall(redis.call, "incr", "s") return 1', '0'],
      ['EVAL', 'local r = redis.pcall("get") return 1', '0'],
      ['EVAL', 'return redis.pcall("multi")', '0'],
      ['EVAL_RO', 'return redis.pcall("set","a","b")', '0'],
      ['EVAL', 'return redis.call()', '0'],
      ['EVAL', 'return +', '0'],
      ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'],
    ];
    await pair.both('CONFIG', 'RESETSTAT');
    const stats = async (c: RawClient): Promise<string> => {
      const lines: string[] = [];
      for (const section of ['errorstats', 'commandstats', 'stats']) {
        const text = await c.call('INFO', section);
        for (const l of text.split('\r\n')) {
          if (/^(errorstat_|cmdstat_|total_error_replies)/.test(l)) lines.push(l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''));
        }
      }
      return lines.sort().join('\n');
    };
    for (const c of seq) {
      await pair.both(...c);
      assert.equal(await stats(pair.a), await stats(pair.b), c.join(' '));
    }
  } finally {
    await pair.close();
  }
});

maybeTest('CLIENT PAUSE WRITE holds EVAL/EVALSHA/FCALL by their scripts\' flags, as Redis', async (t) => {
  if (!hasRedis()) return t.skip(NO_REDIS_MESSAGE);
  const pair = await Pair.start();
  try {
    const outcomes: string[][] = [];
    for (const port of [pair.ts.port, pair.redis.port]) {
      const a = await RawClient.connect(port);
      await a.call('FUNCTION', 'LOAD', "#!lua name=pl\nredis.register_function('w', function() return 1 end)\nredis.register_function{function_name='r', callback=function() return 2 end, flags={'no-writes'}}");
      await a.call('SCRIPT', 'LOAD', 'return 1');
      await a.call('CLIENT', 'PAUSE', '10000', 'WRITE');
      const out: string[] = [];
      const probes: string[][] = [
        ['EVAL', 'return 1', '0'], ['EVAL_RO', 'return 1', '0'], ['EVAL', '#!lua flags=no-writes\nreturn 1', '0'], ['EVAL', '#!lua\nreturn 1', '0'],
        ['FCALL', 'nosuch', '0'], ['FCALL', 'r', '0'], ['FCALL', 'w', '0'], ['FCALL_RO', 'r', '0'],
        ['EVALSHA', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '0'], ['EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'],
      ];
      for (const c of probes) {
        const b = await RawClient.connect(port);
        const ran = b.call(...c).then(() => 'ran');
        out.push(`${c.join(' ')}: ${await Promise.race([ran, new Promise<string>((res) => setTimeout(() => res('held'), 100))])}`);
        b.close();
      }
      await a.call('CLIENT', 'UNPAUSE');
      a.close();
      outcomes.push(out);
    }
    assert.deepEqual(outcomes[0], outcomes[1]);
  } finally {
    await pair.close();
  }
});
