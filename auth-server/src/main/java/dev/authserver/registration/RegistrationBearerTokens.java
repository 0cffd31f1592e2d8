package dev.authserver.registration;

import java.time.Clock;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Checks the registration endpoint's bearer tokens (RFC 6750) in its security filter
 * chain: an initial access token for {@code POST /oauth2/register} (RFC 7591 §3), the
 * client's current registration access token for {@code /oauth2/register/{client_id}}
 * (RFC 7592 §3). Both are opaque tokens of our own tables, so the framework's resource
 * server support reads the header and this class looks the token up; the endpoint sees an
 * authenticated {@link InitialAccessToken} or {@link RegisteredClient}.
 * <p>
 * Not a {@code Customizer} bean: Spring Security 7 applies every
 * {@code Customizer<OAuth2ResourceServerConfigurer>} bean to every {@code HttpSecurity},
 * the protocol chain's included.
 */
public final class RegistrationBearerTokens {

	private static final Logger log = LoggerFactory.getLogger(RegistrationBearerTokens.class);

	private static final RequestMatcher REGISTRATION = PathPatternRequestMatcher.withDefaults()
		.matcher(ClientRegistrationController.ENDPOINT);

	private static final RequestMatcher CONFIGURATION = PathPatternRequestMatcher.withDefaults()
		.matcher(ClientRegistrationController.ENDPOINT + "/{clientId}");

	private final JdbcInitialAccessTokenRepository initialAccessTokens;

	private final ClientRegistrationService registrations;

	private final Clock clock;

	RegistrationBearerTokens(JdbcInitialAccessTokenRepository initialAccessTokens,
			ClientRegistrationService registrations, Clock clock) {
		this.initialAccessTokens = initialAccessTokens;
		this.registrations = registrations;
		this.clock = clock;
	}

	/**
	 * Configures the registration endpoint's chain to read and check its bearer tokens.
	 */
	public void configure(OAuth2ResourceServerConfigurer<HttpSecurity> resourceServer) {
		resourceServer.authenticationManagerResolver(authenticationManagerResolver())
			.authenticationEntryPoint(new RegistrationAuthenticationEntryPoint());
	}

	/** Which token a request needs follows from its path alone. */
	private AuthenticationManagerResolver<HttpServletRequest> authenticationManagerResolver() {
		AuthenticationManager initialAccessToken = (authentication) -> this.initialAccessTokens
			.findByToken(token(authentication))
			.filter((candidate) -> candidate.isUsable(this.clock.instant()))
			.map(RegistrationAuthentication::new)
			.orElseThrow(() -> invalidToken("The initial access token is invalid, expired, revoked or used up"));
		return (request) -> {
			if (REGISTRATION.matches(request)) {
				return initialAccessToken;
			}
			RequestMatcher.MatchResult configuration = CONFIGURATION.matcher(request);
			String clientId = configuration.isMatch() ? configuration.getVariables().get("clientId") : null;
			return (authentication) -> this.registrations.findByRegistrationAccessToken(clientId, token(authentication))
				.map(RegistrationAuthentication::new)
				.orElseThrow(() -> invalidToken("The registration access token is invalid for this client"));
		};
	}

	private static String token(Authentication authentication) {
		return ((BearerTokenAuthenticationToken) authentication).getToken();
	}

	static OAuth2AuthenticationException invalidToken(String description) {
		log.debug("Client registration request with an invalid token refused");
		return new OAuth2AuthenticationException(
				new BearerTokenError(BearerTokenErrorCodes.INVALID_TOKEN, HttpStatus.UNAUTHORIZED, description, null));
	}

	/**
	 * A request with a valid token: its principal is the usable
	 * {@link InitialAccessToken} or the {@link RegisteredClient} in the path whose
	 * current registration access token it carries.
	 */
	private static final class RegistrationAuthentication extends AbstractAuthenticationToken {

		private final Object principal;

		RegistrationAuthentication(Object principal) {
			super(List.of());
			this.principal = principal;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return this.principal;
		}

	}

}
