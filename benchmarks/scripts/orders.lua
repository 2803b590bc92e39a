-- wrk script: POST /v1/orders, 3 lines of 200 SKUs, a distinct customer and ship-to per request, STANDARD SHIP.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench-web"
local counter = 0
request = function()
  counter = counter + 1
  local lat = 1.25 + (counter * 7919 % 3000) / 10000
  local lon = 103.65 + (counter * 104729 % 3500) / 10000
  local body = string.format(
    '{"channel":"web","customer":{"id":"c-%d","email":"c%d@example.com"},' ..
    '"shipTo":{"name":"Shopper %d","line1":"%d Orchard Road","city":"Singapore","postalCode":"238801",' ..
    '"countryCode":"SG","lat":%.4f,"lon":%.4f},"deliveryMethod":"SHIP","serviceLevel":"STANDARD",' ..
    '"lines":[{"sku":"SKU-%04d","qty":1,"unitPrice":{"amountMinor":1999,"currency":"SGD"}},' ..
    '{"sku":"SKU-%04d","qty":1,"unitPrice":{"amountMinor":2999,"currency":"SGD"}},' ..
    '{"sku":"SKU-%04d","qty":2,"unitPrice":{"amountMinor":499,"currency":"SGD"}}],' ..
    '"payment":{"provider":"offline","amount":{"amountMinor":5996,"currency":"SGD"}}}',
    counter, counter, counter, counter, lat, lon, counter % 200, (counter + 67) % 200, (counter + 134) % 200)
  return wrk.format(nil, "/v1/orders", nil, body)
end
-- No response(): wrk then runs Lua only per request, not per answer (client CPU on the shared cores); its own
-- count of non-2xx/3xx answers is printed by done().
done = function(summary, latency, requests)
  io.write(string.format("requests %d, non-2xx/3xx %d, p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
