package dev.authserver.clients;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

/**
 * Fetches clients' {@code jwks_uri}: URLs that whoever registered the client chose,
 * fetched by the server from inside its network. So a fetch goes only to a public address
 * (no loopback, private, link-local or unique-local one, such as a cloud metadata service
 * or an internal admin port; loopback is allowed in development mode), follows no
 * redirect (which could lead there), reads at most {@link #MAX_JWKS_BYTES}, and gives up
 * after a timeout. A refused fetch fails the assertion like an unreachable host:
 * {@code 401 invalid_client}.
 * <p>
 * The address is checked when the connection is made ready; a host name whose DNS answer
 * changes between that check and the connection could still slip through, which only the
 * network's own egress rules close.
 */
class JwksUriRequestFactory extends SimpleClientHttpRequestFactory {

	/** A JWK Set of a few keys is a few kilobytes. */
	static final int MAX_JWKS_BYTES = 64 * 1024;

	private final boolean allowLoopback;

	JwksUriRequestFactory(Duration timeout, boolean allowLoopback) {
		this.allowLoopback = allowLoopback;
		setConnectTimeout(timeout);
		setReadTimeout(timeout);
	}

	@Override
	protected void prepareConnection(HttpURLConnection connection, String httpMethod) throws IOException {
		super.prepareConnection(connection, httpMethod);
		connection.setInstanceFollowRedirects(false);
		for (InetAddress address : InetAddress.getAllByName(connection.getURL().getHost())) {
			if (isInternal(address) && !(this.allowLoopback && address.isLoopbackAddress())) {
				throw new IOException("jwks_uri host " + connection.getURL().getHost() + " is not a public address");
			}
		}
	}

	private static boolean isInternal(InetAddress address) {
		byte[] bytes = address.getAddress();
		boolean uniqueLocalIpv6 = bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
		boolean sharedIpv4 = bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
		return address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress() || uniqueLocalIpv6 || sharedIpv4;
	}

	/** Refuses a response body longer than {@link #MAX_JWKS_BYTES}, as it is read. */
	static ClientHttpRequestInterceptor bodySizeLimit() {
		return (request, body, execution) -> new BoundedResponse(execution.execute(request, body));
	}

	private record BoundedResponse(ClientHttpResponse response) implements ClientHttpResponse {

		@Override
		public InputStream getBody() throws IOException {
			return new FilterInputStream(this.response.getBody()) {

				private long read;

				@Override
				public int read() throws IOException {
					int b = super.read();
					count((b >= 0) ? 1 : 0);
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = super.read(buffer, offset, length);
					count(Math.max(n, 0));
					return n;
				}

				private void count(int n) throws IOException {
					this.read += n;
					if (this.read > MAX_JWKS_BYTES) {
						throw new IOException("jwks_uri answered more than " + MAX_JWKS_BYTES + " bytes");
					}
				}

			};
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.response.getHeaders();
		}

		@Override
		public void close() {
			this.response.close();
		}

	}

}
