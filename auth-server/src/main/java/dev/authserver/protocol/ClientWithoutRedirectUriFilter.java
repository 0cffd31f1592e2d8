package dev.authserver.protocol;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.StringUtils;

/**
 * Refuses an authorization request (or consent) for a client that has no redirect URI,
 * such as a client-credentials-only client, with {@code unauthorized_client} on the error
 * page. Left to the framework, such a request without a {@code redirect_uri} fails with a
 * 500: it looks for a registered redirect URI to send the error to, and there is none.
 * <p>
 * No upstream issue found as of 2026-12; the 500 is the {@code NoSuchElementException} of
 * {@code getRedirectUris().iterator().next()} in
 * {@code OAuth2AuthorizationCodeRequestAuthenticationValidator.throwError}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1">RFC 6749
 * §4.1.2.1</a>
 */
class ClientWithoutRedirectUriFilter extends AuthorizationEndpointFilter {

	private static final Logger log = LoggerFactory.getLogger(ClientWithoutRedirectUriFilter.class);

	private static final OAuth2Error NO_REDIRECT_URI = new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
			"This client cannot use the authorization endpoint", null);

	private final RegisteredClientRepository clients;

	ClientWithoutRedirectUriFilter(String authorizationEndpoint, RegisteredClientRepository clients) {
		super(authorizationEndpoint);
		this.clients = clients;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String[] clientIds = request.getParameterValues("client_id");
		RegisteredClient client = (clientIds != null && clientIds.length == 1 && StringUtils.hasText(clientIds[0]))
				? this.clients.findByClientId(clientIds[0]) : null;
		if (client != null && client.getRedirectUris().isEmpty()) {
			log.debug("Refused an authorization request of client_id={}, which has no redirect URI",
					client.getClientId());
			OAuth2ErrorPage.send(request, response, NO_REDIRECT_URI);
			return;
		}
		chain.doFilter(request, response);
	}

}
