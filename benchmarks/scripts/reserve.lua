-- wrk script: POST /v1/reservations, one unit of one of 1 000 SKUs, a distinct customer per request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-web"
local counter = 0
request = function()
  counter = counter + 1
  local body = string.format(
    '{"channel":"web","customerId":"c-%d","ttlSeconds":3600,"lines":[{"sku":"SKU-%04d","qty":1}]}',
    counter, counter % 1000)
  return wrk.format(nil, "/v1/reservations", nil, body)
end
-- No response(): wrk then runs Lua only per request, not per answer (client CPU on the shared cores); its own
-- count of non-2xx/3xx answers is printed by done().
done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx/3xx %d, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
