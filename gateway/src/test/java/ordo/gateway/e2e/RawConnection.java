package ordo.gateway.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection spoken by hand: what {@link java.net.http.HttpClient} cannot do (pipelining
 * several requests in one write, exactly one connection per load thread, seeing a connection die mid-answer).
 * Every Ordo answer carries a Content-Length, so that is all {@link #read()} understands. Not thread-safe.
 */
final class RawConnection implements AutoCloseable {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int port;

    RawConnection(int port, int readTimeoutMillis) throws IOException {
        this.port = port;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(readTimeoutMillis);
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /** The bytes of one request with a JSON body (null: no body) and the usual headers. */
    static byte[] request(int port, String method, String path, String apiKey, String json, String idempotencyKey) {
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n");
        if (apiKey != null) {
            head.append("Authorization: Bearer ").append(apiKey).append("\r\n");
        }
        if (idempotencyKey != null) {
            head.append("Idempotency-Key: ").append(idempotencyKey).append("\r\n");
        }
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        if (json != null) {
            head.append("Content-Type: application/json\r\n");
        }
        if (json != null || method.equals("POST") || method.equals("PUT")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    byte[] request(String method, String path, String apiKey, String json) {
        return request(port, method, path, apiKey, json, null);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends one request and reads its answer. */
    Response exchange(String method, String path, String apiKey, String json) throws IOException {
        write(request(method, path, apiKey, json));
        return read();
    }

    /** Reads one complete answer; EOFException when the connection ends before it is complete. */
    Response read() throws IOException {
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        if (length == null) {
            throw new IOException("answer without Content-Length: " + statusLine + " " + headers);
        }
        byte[] body = in.readNBytes(Integer.parseInt(length));
        if (body.length != Integer.parseInt(length)) {
            throw new EOFException("connection ended inside a body");
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads one complete answer and gives it exactly as it came: status line, head and body, CRLFs included. */
    String readExactly() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int lastFour = 0;
        while (lastFour != ('\r' << 24 | '\n' << 16 | '\r' << 8 | '\n')) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection ended inside a head");
            }
            head.write(b);
            lastFour = lastFour << 8 | b;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        String lengthField = "\r\ncontent-length: ";
        int at = text.toLowerCase(Locale.ROOT).indexOf(lengthField);
        if (at < 0) {
            throw new IOException("answer without Content-Length: " + text);
        }
        int valueStart = at + lengthField.length();
        int length = Integer.parseInt(text.substring(valueStart, text.indexOf('\r', valueStart)));
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new EOFException("connection ended inside a body");
        }
        return text + new String(body, StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection ended inside an answer");
            }
            if (b == '\n') {
                byte[] raw = bytes.toByteArray();
                int end = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
                return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
            }
            bytes.write(b);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a test socket: nothing to do about it.
        }
    }
}
