package dev.authserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * HTTP/1.1 written byte by byte to a socket, for the requests no well-behaved client
 * library sends: invalid percent-encoding or raw non-ASCII bytes in the request line,
 * duplicated headers, broken framing. Each request has a connection of its own
 * ({@code Connection: close}), and the answer is whatever arrives until the server closes
 * it.
 */
public final class RawHttp {

	private static final int TIMEOUT_MILLIS = 10_000;

	private final String host;

	private final int port;

	private final String localAddress;

	private RawHttp(String host, int port, String localAddress) {
		this.host = host;
		this.port = port;
		this.localAddress = localAddress;
	}

	public static RawHttp to(String baseUrl) {
		URI uri = URI.create(baseUrl);
		return new RawHttp(uri.getHost(), uri.getPort(), null);
	}

	/**
	 * The same server, called from this local address (such as {@code 127.0.0.2}, which
	 * Linux routes to loopback too), for tests of what the server believes of whom.
	 */
	public RawHttp from(String localAddress) {
		return new RawHttp(this.host, this.port, localAddress);
	}

	/**
	 * An {@code Authorization} header line for {@code client_secret_basic} (RFC 6749
	 * §2.3.1).
	 */
	public static String basicAuthorization(String clientId, String secret) {
		String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
				+ URLEncoder.encode(secret, StandardCharsets.UTF_8);
		return "Authorization: Basic "
				+ Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	/** The {@code Host} header value of this server. */
	public String authority() {
		return this.host + ":" + this.port;
	}

	/**
	 * A request with a {@code Host} header, {@code Connection: close} and a
	 * {@code Content-Length} (when there is a body) added to the given request line and
	 * headers. Request line and headers are sent as ISO-8859-1, so every char below 256
	 * goes on the wire as that one byte.
	 */
	public Response send(String method, String target, List<String> headers, byte[] body) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: ").append(authority()).append("\r\n");
		headers.forEach((header) -> head.append(header).append("\r\n"));
		if (body != null) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
		if (body != null) {
			request.writeBytes(body);
		}
		return sendBytes(request.toByteArray());
	}

	/** Exactly these bytes, framing included. */
	public Response sendBytes(byte[] request) {
		try (Socket socket = new Socket()) {
			if (this.localAddress != null) {
				socket.bind(new InetSocketAddress(this.localAddress, 0));
			}
			socket.connect(new InetSocketAddress(this.host, this.port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			boolean sentAll = write(socket.getOutputStream(), request);
			return Response.parse(read(socket.getInputStream()), sentAll);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No answer from " + authority(), ex);
		}
	}

	/**
	 * Writes the request; false when the server closed the connection first, which it may
	 * do after answering a request it refuses without reading the rest.
	 */
	private static boolean write(OutputStream out, byte[] request) throws IOException {
		try {
			out.write(request);
			out.flush();
			return true;
		}
		catch (SocketException ex) {
			return false;
		}
	}

	private static byte[] read(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int count = in.read(buffer); count != -1; count = in.read(buffer)) {
				received.write(buffer, 0, count);
			}
		}
		catch (SocketException ex) {
			// A reset after the answer arrived (the server closed with our unread bytes
			// pending): keep what came.
			if (received.size() == 0) {
				throw ex;
			}
		}
		return received.toByteArray();
	}

	/**
	 * An answer: its status, headers and body (de-chunked, decoded as UTF-8).
	 *
	 * @param sentAll whether the whole request was written before the server closed the
	 * connection
	 */
	public record Response(int status, List<String> headers, String body, boolean sentAll) {

		static Response parse(byte[] received, boolean sentAll) {
			byte[] bytes = withoutInterimResponses(received);
			String text = new String(bytes, StandardCharsets.ISO_8859_1);
			int endOfHead = text.indexOf("\r\n\r\n");
			if (!text.startsWith("HTTP/1.1 ") || endOfHead < 0) {
				throw new IllegalStateException(
						"Not an HTTP response: " + text.substring(0, Math.min(200, text.length())));
			}
			List<String> lines = List.of(text.substring(0, endOfHead).split("\r\n"));
			int status = Integer.parseInt(lines.get(0).substring(9, 12));
			List<String> headers = new ArrayList<>(lines.subList(1, lines.size()));
			byte[] body = Arrays.copyOfRange(bytes, endOfHead + 4, bytes.length);
			boolean chunked = headers.stream()
				.anyMatch((header) -> header.toLowerCase(Locale.ROOT).matches("transfer-encoding:\\s*chunked\\s*"));
			return new Response(status, headers, new String(chunked ? dechunk(body) : body, StandardCharsets.UTF_8),
					sentAll);
		}

		/**
		 * The body as a JSON object; fails unless it is one, labelled
		 * {@code application/json}.
		 */
		public Map<String, Object> json() {
			if (!header("Content-Type").orElse("").startsWith("application/json")) {
				throw new AssertionError("Not application/json (status " + this.status + "): " + this.headers);
			}
			try {
				return JSONObjectUtils.parse(this.body);
			}
			catch (ParseException ex) {
				throw new AssertionError("Not a JSON object (status " + this.status + "): " + this.body, ex);
			}
		}

		/** The first value of a header, by case-insensitive name. */
		public Optional<String> header(String name) {
			String prefix = name.toLowerCase(Locale.ROOT) + ":";
			return this.headers.stream()
				.filter((header) -> header.toLowerCase(Locale.ROOT).startsWith(prefix))
				.map((header) -> header.substring(prefix.length()).strip())
				.findFirst();
		}

		/**
		 * Drops the {@code 100 Continue} a server sends ahead of its answer when asked
		 * to.
		 */
		private static byte[] withoutInterimResponses(byte[] received) {
			String text = new String(received, StandardCharsets.ISO_8859_1);
			int start = 0;
			while (text.startsWith("HTTP/1.1 1", start) && text.indexOf("\r\n\r\n", start) > 0) {
				start = text.indexOf("\r\n\r\n", start) + 4;
			}
			return Arrays.copyOfRange(received, start, received.length);
		}

		private static byte[] dechunk(byte[] chunked) {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			int position = 0;
			while (position < chunked.length) {
				int endOfSize = indexOfCrlf(chunked, position);
				if (endOfSize < 0) {
					break;
				}
				String size = new String(chunked, position, endOfSize - position, StandardCharsets.ISO_8859_1);
				int length = Integer.parseInt(size.split(";")[0].strip(), 16);
				if (length == 0) {
					break;
				}
				int start = endOfSize + 2;
				body.write(chunked, start, Math.min(length, chunked.length - start));
				position = start + length + 2;
			}
			return body.toByteArray();
		}

		private static int indexOfCrlf(byte[] bytes, int from) {
			for (int i = from; i + 1 < bytes.length; i++) {
				if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
					return i;
				}
			}
			return -1;
		}

	}

}
