package dev.authserver.mtls;

import java.io.IOException;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first valve of the engine, before Tomcat's {@code RemoteIpValve} rewrites the
 * caller's address from {@code X-Forwarded-For}: here the address is still the direct
 * peer's, the only one that tells whether the client certificate header comes from a
 * trusted proxy. From any other peer the header is removed, so nothing after this valve
 * can believe a caller's own claim to a certificate; the request goes on without one.
 * <p>
 * On the mTLS listener the header is removed too (its clients present their certificate
 * themselves), and every path but the endpoints advertised in
 * {@code mtls_endpoint_aliases} is answered 404 with no body: pages, the console and
 * discovery live on the main port only, where no browser is asked for a certificate.
 */
final class ClientCertificateHeaderValve extends ValveBase {

	private static final Logger log = LoggerFactory.getLogger(ClientCertificateHeaderValve.class);

	private final String header;

	private final Pattern trustedProxies;

	private final IntSupplier listenerPort;

	private final Set<String> listenerPaths;

	/**
	 * @param header the client certificate header's name
	 * @param trustedProxies {@code server.tomcat.remoteip.internal-proxies}, matched as
	 * the {@code RemoteIpValve} matches it (the whole address); {@code null}: no proxy is
	 * trusted
	 * @param listenerPort the mTLS listener's port ({@code -1}: none)
	 * @param listenerPaths the paths the mTLS listener serves
	 */
	ClientCertificateHeaderValve(String header, String trustedProxies, IntSupplier listenerPort,
			Set<String> listenerPaths) {
		super(true);
		this.header = header;
		this.trustedProxies = (trustedProxies != null && !trustedProxies.isEmpty()) ? Pattern.compile(trustedProxies)
				: null;
		this.listenerPort = listenerPort;
		this.listenerPaths = Set.copyOf(listenerPaths);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		int port = this.listenerPort.getAsInt();
		boolean onListener = port > 0 && request.getLocalPort() == port;
		if (onListener && !this.listenerPaths.contains(request.getRequestURI())) {
			log.debug("Refused a request on the mTLS listener for a path it does not serve");
			response.setStatus(HttpServletResponse.SC_NOT_FOUND);
			response.setContentLength(0);
			return;
		}
		if (onListener || !fromTrustedProxy(request)) {
			// Never logged: the header is the caller's, and may be anything.
			request.getCoyoteRequest().getMimeHeaders().removeHeader(this.header);
		}
		getNext().invoke(request, response);
	}

	private boolean fromTrustedProxy(Request request) {
		return this.trustedProxies != null && this.trustedProxies.matcher(request.getRemoteAddr()).matches();
	}

}
