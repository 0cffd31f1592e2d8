package dev.authserver.mtls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.authserver.protocol.OAuth2ErrorResponses;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the client certificate that a trusted TLS-terminating proxy passes in a header
 * (URL-escaped PEM, nginx's {@code $ssl_client_escaped_cert}) where Tomcat puts the
 * certificate of a TLS client: the {@code jakarta.servlet.request.X509Certificate}
 * request attribute, which the framework's certificate client authentication, the binding
 * of tokens and the UserInfo endpoint's bound-token check read.
 * <p>
 * The header reaches this filter only from a trusted proxy:
 * {@link ClientCertificateHeaderValve} removes it from everyone else. A header that holds
 * no certificate is the proxy's error, answered {@code invalid_request} (RFC 6749 §5.2)
 * rather than taken as no certificate, which would issue an unbound token to a client
 * that presented one.
 */
final class ClientCertificateHeaderFilter extends OncePerRequestFilter {

	/** Where the Servlet specification puts a TLS client's certificate chain. */
	static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

	private static final Logger log = LoggerFactory.getLogger(ClientCertificateHeaderFilter.class);

	private final String header;

	ClientCertificateHeaderFilter(String header) {
		this.header = header;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> values = Collections.list(request.getHeaders(this.header));
		if (values.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		X509Certificate certificate = (values.size() == 1) ? parse(values.get(0)) : null;
		if (certificate == null) {
			// The header's value is never logged.
			log.debug("Refused a request whose client certificate header from a trusted proxy holds no certificate");
			OAuth2ErrorResponses.send(response, HttpStatus.BAD_REQUEST, new OAuth2Error(
					OAuth2ErrorCodes.INVALID_REQUEST, "The proxy's client certificate header is malformed", null));
			return;
		}
		request.setAttribute(CERTIFICATE_ATTRIBUTE, new X509Certificate[] { certificate });
		chain.doFilter(request, response);
	}

	/** The one certificate of URL-escaped PEM, or {@code null}. */
	private static X509Certificate parse(String value) {
		try {
			byte[] pem = URLDecoder.decode(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII);
			var certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(pem));
			if (certificates.size() != 1 || !(certificates.iterator().next() instanceof X509Certificate certificate)) {
				return null;
			}
			return certificate;
		}
		catch (IllegalArgumentException | CertificateException ex) {
			return null;
		}
	}

}
