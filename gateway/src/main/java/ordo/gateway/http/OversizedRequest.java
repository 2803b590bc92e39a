package ordo.gateway.http;

import io.netty.handler.codec.http.HttpVersion;

/**
 * Passed down the pipeline by {@link Http1Decoder} in place of a request whose body is too large,
 * so that its 413 takes its turn in the ordered response queue.
 *
 * @param version      the request's HTTP version
 * @param close        whether the connection must close after the 413 (the body is arriving and cannot be skipped)
 * @param maxBodyBytes the limit, for the problem detail
 * @param head         whether the request was a HEAD, whose 413 has no body (it once had one, and a client reading
 *                     on lost the framing of the next response: found in review)
 */
record OversizedRequest(HttpVersion version, boolean close, int maxBodyBytes, boolean head) {
}
