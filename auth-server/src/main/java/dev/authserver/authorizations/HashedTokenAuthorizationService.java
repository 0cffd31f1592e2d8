package dev.authserver.authorizations;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Keeps authorizations with hashes of their token values instead of the tokens, and finds
 * them by the hash.
 * <p>
 * The framework's JDBC store keeps every code, access, refresh and ID token, device and
 * user code in clear, in unindexed columns, and looks a token up with an {@code OR} over
 * all of them. Here each lookup is one indexed column, and a database reader learns
 * nothing that can be presented as a token. The token found is handed back with its real
 * value, which the caller presented, because the framework compares values; the other
 * tokens of that authorization carry their hashes, which are only ever stored again
 * unchanged.
 * <p>
 * A code or a refresh token is redeemed once, however many requests present it at the
 * same time, on one instance or several: the save that stores the tokens issued for it
 * first consumes it with one conditional statement, and every other such save finds it
 * consumed. The framework's providers read, issue and then save without a lock, so
 * without this each of several parallel requests would get its own tokens.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2">RFC 6749 §4.1.2</a>
 */
class HashedTokenAuthorizationService implements OAuth2AuthorizationService {

	private static final Logger log = LoggerFactory.getLogger(HashedTokenAuthorizationService.class);

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);

	/**
	 * The attribute that carries the token an authorization was found by, from the lookup
	 * to the save of the tokens issued for it; never stored. The framework's providers
	 * build that save from the authorization found ({@code OAuth2Authorization.from}),
	 * which keeps attributes, while a refresh grant replaces the token presented.
	 */
	private static final String PRESENTED_TOKEN = HashedTokenAuthorizationService.class.getName() + ".PRESENTED_TOKEN";

	/**
	 * Without a type hint, the likely types first: introspection and revocation mostly
	 * see access tokens.
	 */
	private static final List<OAuth2TokenType> LOOKUP_ORDER = List.of(OAuth2TokenType.ACCESS_TOKEN,
			OAuth2TokenType.REFRESH_TOKEN, CODE, ID_TOKEN);

	private final OAuth2AuthorizationService delegate;

	private final Set<String> statelessClients;

	private final RefreshTokenReuse refreshTokenReuse;

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	HashedTokenAuthorizationService(OAuth2AuthorizationService delegate, Set<String> statelessClients,
			RefreshTokenReuse refreshTokenReuse, JdbcClient jdbc, TransactionOperations transactions) {
		this.delegate = delegate;
		this.statelessClients = Set.copyOf(statelessClients);
		this.refreshTokenReuse = refreshTokenReuse;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Stores the authorization; when it carries tokens issued for the code or refresh
	 * token it was found by, only if that one was not redeemed already.
	 * @throws OAuth2AuthenticationException {@code invalid_grant} when another request
	 * redeemed it first; the tokens issued for this one were never stored, and the token
	 * endpoint answers before returning them
	 */
	@Override
	public void save(OAuth2Authorization authorization) {
		if (isStateless(authorization)) {
			return;
		}
		PresentedToken presented = authorization.getAttribute(PRESENTED_TOKEN);
		OAuth2Authorization stored = withTokenValues(OAuth2Authorization.from(authorization)
			.attributes((attributes) -> attributes.remove(PRESENTED_TOKEN))
			.build(), TokenHashes::hashUnlessStored);
		if (presented == null || !presented.isRedeemable() || !issuesAccessToken(authorization)) {
			this.delegate.save(stored);
			return;
		}
		boolean redeemed = Boolean.TRUE.equals(this.transactions.execute((transaction) -> {
			if (!redeem(presented, stored)) {
				transaction.setRollbackOnly();
				return false;
			}
			this.delegate.save(stored);
			return true;
		}));
		if (!redeemed) {
			revokeRedeemedGrant(presented, stored.getId());
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
		}
	}

	/**
	 * Whether the authorization carries an access token just issued, not yet stored.
	 */
	private static boolean issuesAccessToken(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		return accessToken != null && !TokenHashes.isStored(accessToken.getToken().getTokenValue());
	}

	/**
	 * Consumes the code or refresh token presented, in one statement that one request
	 * alone can win: a code (authorization or device code) must not have given its
	 * authorization an access token yet, and a refresh token must still be the
	 * authorization's current one. The statement changes nothing but locks the row until
	 * the transaction commits with the framework's write of the new tokens: a request
	 * that loses waits for that lock and then finds the winner's tokens.
	 */
	private boolean redeem(PresentedToken presented, OAuth2Authorization stored) {
		boolean refresh = OAuth2TokenType.REFRESH_TOKEN.equals(presented.type());
		boolean redeemed = this.jdbc
			.sql("UPDATE oauth2_authorization SET id = id WHERE id = ? AND "
					+ (refresh ? "refresh_token_value = ?" : "access_token_value IS NULL"))
			.params(refresh ? List.of(stored.getId(), presented.hash()) : List.of(stored.getId()))
			.update() == 1;
		if (redeemed && refresh) {
			this.refreshTokenReuse.rememberReplaced(stored.getId(), presented.hash());
		}
		return redeemed;
	}

	/**
	 * A code or refresh token presented by two requests at once is used twice, as if one
	 * after the other: the server cannot tell a retry from a thief racing the client. The
	 * grant loses what the winner got, by the rules for each: the tokens issued for a
	 * code are invalidated, as the framework does for a code used again (RFC 6749
	 * §4.1.2), and a refresh token's whole grant is revoked (RFC 9700 §4.14.2).
	 */
	private void revokeRedeemedGrant(PresentedToken presented, String authorizationId) {
		OAuth2Authorization grant = this.delegate.findById(authorizationId);
		if (grant == null) {
			return;
		}
		if (OAuth2TokenType.REFRESH_TOKEN.equals(presented.type())) {
			revoke(grant);
			return;
		}
		OAuth2Authorization.Token<? extends OAuth2Token> issued = (grant.getRefreshToken() != null)
				? grant.getRefreshToken() : grant.getAccessToken();
		if (issued != null) {
			this.delegate.save(OAuth2Authorization.from(grant).invalidate(issued.getToken()).build());
			log.warn("A {} of registered client {} was redeemed twice at once: tokens of grant {} invalidated",
					presented.type().getValue(), grant.getRegisteredClientId(), grant.getId());
		}
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
		if (found == null) {
			return null;
		}
		return OAuth2Authorization.from(withTokenValues(found, (value) -> value.equals(hash) ? token : value))
			.attribute(PRESENTED_TOKEN, new PresentedToken(tokenType, hash))
			.build();
	}

	/**
	 * A replaced refresh token presented again revokes its grant. Wherever it is
	 * presented (refresh grant, introspection, revocation), only a holder of the grant's
	 * old tokens can present it.
	 */
	private void revokeIfReplaced(String refreshTokenHash) {
		this.refreshTokenReuse.authorizationReplacing(refreshTokenHash)
			.map(this.delegate::findById)
			.ifPresent(this::revoke);
	}

	private void revoke(OAuth2Authorization grant) {
		this.delegate.remove(grant);
		this.refreshTokenReuse.detected(grant);
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
		replace(builder, authorization.getToken(OAuth2DeviceCode.class), valueMapper,
				(code, value) -> new OAuth2DeviceCode(value, code.getIssuedAt(), code.getExpiresAt()));
		// A user code is looked up in the one form the framework's verification endpoint
		// turns every entry into (XXXX-XXXX), so its hash matches however it was typed.
		replace(builder, authorization.getToken(OAuth2UserCode.class), valueMapper,
				(code, value) -> new OAuth2UserCode(value, code.getIssuedAt(), code.getExpiresAt()));
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

	/**
	 * The token an authorization was found by, as stored.
	 */
	private record PresentedToken(OAuth2TokenType type, String hash) {

		/** Codes and refresh tokens, which a token request exchanges for tokens. */
		boolean isRedeemable() {
			return CODE.equals(this.type) || DEVICE_CODE.equals(this.type)
					|| OAuth2TokenType.REFRESH_TOKEN.equals(this.type);
		}

	}

	@FunctionalInterface
	private interface TokenCopier<T extends OAuth2Token> {

		T copy(T token, String value);

	}

}
