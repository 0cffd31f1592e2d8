package dev.authserver.clients;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * Fetches clients' {@code jwks_uri} (and, in {@code sessions}, posts to their
 * back-channel logout URIs): URLs that whoever registered the client chose, fetched by
 * the server from inside its network. So a fetch connects only to addresses
 * {@link OutboundAddressPolicy} allows (public ones; loopback too in development mode),
 * follows no redirect (which could lead elsewhere), reads at most
 * {@link #MAX_JWKS_BYTES}, and gives up after a timeout. A refused fetch fails the
 * assertion like an unreachable host: {@code 401 invalid_client}.
 */
public class JwksUriRequestFactory extends HttpComponentsClientHttpRequestFactory {

	/** A JWK Set of a few keys is a few kilobytes. */
	static final int MAX_JWKS_BYTES = 64 * 1024;

	/**
	 * @param timeout for connecting, and for each read
	 * @param addresses where connections may go
	 */
	public JwksUriRequestFactory(Duration timeout, OutboundAddressPolicy addresses) {
		super(HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(addresses)
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(timeout))
					.setSocketTimeout(Timeout.of(timeout))
					.build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.build());
	}

	/** Refuses a response body longer than {@link #MAX_JWKS_BYTES}, as it is read. */
	public static ClientHttpRequestInterceptor bodySizeLimit() {
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
