package dev.authserver.authorizations;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Keeps authorizations with hashes of their token values instead of the tokens, and finds
 * them by the hash.
 * <p>
 * The framework's JDBC store keeps every code, access, refresh and ID token in clear, in
 * unindexed columns, and looks a token up with an {@code OR} over all of them. Here each
 * lookup is one indexed column, and a database reader learns nothing that can be
 * presented as a token. The token found is handed back with its real value, which the
 * caller presented, because the framework compares values; the other tokens of that
 * authorization carry their hashes, which are only ever stored again unchanged.
 */
class HashedTokenAuthorizationService implements OAuth2AuthorizationService {

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	/**
	 * Without a type hint, the likely types first: introspection and revocation mostly
	 * see access tokens.
	 */
	private static final List<OAuth2TokenType> LOOKUP_ORDER = List.of(OAuth2TokenType.ACCESS_TOKEN,
			OAuth2TokenType.REFRESH_TOKEN, CODE, ID_TOKEN);

	private final OAuth2AuthorizationService delegate;

	private final Set<String> statelessClients;

	private final RefreshTokenReuse refreshTokenReuse;

	HashedTokenAuthorizationService(OAuth2AuthorizationService delegate, Set<String> statelessClients,
			RefreshTokenReuse refreshTokenReuse) {
		this.delegate = delegate;
		this.statelessClients = Set.copyOf(statelessClients);
		this.refreshTokenReuse = refreshTokenReuse;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		if (isStateless(authorization)) {
			return;
		}
		OAuth2Authorization stored = withTokenValues(authorization, TokenHashes::hashUnlessStored);
		OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = stored.getToken(OAuth2RefreshToken.class);
		if (refreshToken != null) {
			this.refreshTokenReuse.rememberReplaced(stored, refreshToken.getToken().getTokenValue());
		}
		this.delegate.save(stored);
	}

	/**
	 * A client-credentials token of a client configured as stateless: self-contained,
	 * nothing to remember. The framework names a client-credentials authorization after
	 * the authenticated client, its {@code client_id}, so no client has to be read for
	 * every token.
	 */
	private boolean isStateless(OAuth2Authorization authorization) {
		return AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())
				&& this.statelessClients.contains(authorization.getPrincipalName());
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
		if (tokenType == null) {
			for (OAuth2TokenType type : LOOKUP_ORDER) {
				OAuth2Authorization found = findByToken(token, type);
				if (found != null) {
					return found;
				}
			}
			return null;
		}
		if (STATE.equals(tokenType)) {
			// The state of a pending authorization request is no credential and lives
			// minutes: kept as it is.
			return this.delegate.findByToken(token, tokenType);
		}
		String hash = TokenHashes.hash(token);
		OAuth2Authorization found = this.delegate.findByToken(hash, tokenType);
		if (found == null && OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
			revokeIfReplaced(hash);
			return null;
		}
		return (found != null) ? withTokenValues(found, (value) -> value.equals(hash) ? token : value) : null;
	}

	/**
	 * A replaced refresh token presented again revokes its grant. Wherever it is
	 * presented (refresh grant, introspection, revocation), only a holder of the grant's
	 * old tokens can present it.
	 */
	private void revokeIfReplaced(String refreshTokenHash) {
		this.refreshTokenReuse.authorizationReplacing(refreshTokenHash)
			.map(this.delegate::findById)
			.ifPresent((grant) -> {
				this.delegate.remove(grant);
				this.refreshTokenReuse.detected(grant);
			});
	}

	/**
	 * A copy of the authorization with each token's value mapped, and everything else
	 * (metadata too) kept.
	 */
	private static OAuth2Authorization withTokenValues(OAuth2Authorization authorization,
			Function<String, String> valueMapper) {
		OAuth2Authorization.Builder builder = OAuth2Authorization.from(authorization);
		replace(builder, authorization.getToken(OAuth2AuthorizationCode.class), valueMapper,
				(code, value) -> new OAuth2AuthorizationCode(value, code.getIssuedAt(), code.getExpiresAt()));
		replace(builder, authorization.getToken(OAuth2AccessToken.class), valueMapper,
				(token, value) -> new OAuth2AccessToken(token.getTokenType(), value, token.getIssuedAt(),
						token.getExpiresAt(), token.getScopes()));
		replace(builder, authorization.getToken(OAuth2RefreshToken.class), valueMapper,
				(token, value) -> new OAuth2RefreshToken(value, token.getIssuedAt(), token.getExpiresAt()));
		replace(builder, authorization.getToken(OidcIdToken.class), valueMapper,
				(token, value) -> new OidcIdToken(value, token.getIssuedAt(), token.getExpiresAt(), token.getClaims()));
		return builder.build();
	}

	private static <T extends OAuth2Token> void replace(OAuth2Authorization.Builder builder,
			OAuth2Authorization.Token<T> token, Function<String, String> valueMapper, TokenCopier<T> copier) {
		if (token == null) {
			return;
		}
		String value = valueMapper.apply(token.getToken().getTokenValue());
		if (!value.equals(token.getToken().getTokenValue())) {
			// Builder.token keeps the metadata already held for a token of the same
			// class.
			builder.token(copier.copy(token.getToken(), value));
		}
	}

	@FunctionalInterface
	private interface TokenCopier<T extends OAuth2Token> {

		T copy(T token, String value);

	}

}
