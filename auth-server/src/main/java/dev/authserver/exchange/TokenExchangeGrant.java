package dev.authserver.exchange;

import java.util.List;

import dev.authserver.audit.AuditLog;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The token exchange grant's parts of the token endpoint (RFC 8693): its request
 * converter, which also takes ID tokens, and the framework's provider within each
 * client's policy.
 */
public class TokenExchangeGrant {

	private final AuditLog auditLog;

	TokenExchangeGrant(AuditLog auditLog) {
		this.auditLog = auditLog;
	}

	/** To put before the framework's converters, which it answers for. */
	public AuthenticationConverter requestConverter() {
		return new TokenExchangeRequestConverter();
	}

	/**
	 * Replaces the framework's token exchange provider with one that holds each client to
	 * its policy and then uses the framework's.
	 */
	public void withPolicies(List<AuthenticationProvider> providers, OAuth2AuthorizationService authorizations,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator) {
		providers.replaceAll((provider) -> (provider instanceof OAuth2TokenExchangeAuthenticationProvider)
				? new PolicedTokenExchange(authorizations, tokenGenerator, this.auditLog) : provider);
	}

}
