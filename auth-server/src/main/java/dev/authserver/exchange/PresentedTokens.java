package dev.authserver.exchange;

import java.util.Map;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The authorization service as the framework's token exchange provider sees it for one
 * request: the subject and actor tokens are the authorizations the policy already found
 * and checked (an ID token among them, which the framework looks up as an access token
 * only), everything else the real service.
 */
record PresentedTokens(OAuth2AuthorizationService delegate,
		Map<String, OAuth2Authorization> found) implements OAuth2AuthorizationService {

	@Override
	public void save(OAuth2Authorization authorization) {
		this.delegate.save(authorization);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.delegate.remove(authorization);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		OAuth2Authorization authorization = this.found.get(token);
		return (authorization != null) ? authorization : this.delegate.findByToken(token, tokenType);
	}

}
