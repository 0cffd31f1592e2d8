package dev.authserver.tokens;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import dev.authserver.protocol.GrantingSession;
import dev.authserver.protocol.SignInFactors;
import dev.authserver.users.JdbcUserAccountRepository;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Adds the user's standard claims to ID tokens ({@link UserClaims}): those the granted
 * scopes stand for, and those the authorization request asked for in the ID token by its
 * {@code claims} parameter ({@link RequestedClaims}).
 * <p>
 * Every ID token also says how the user signed in: {@code auth_time}, {@code amr} (RFC
 * 8176) and {@code acr} ({@link SignInFactors}), whether or not the request asked for
 * them with {@code max_age}, {@code acr_values} or the client's
 * {@code require_auth_time}: a client can always check them. The framework writes
 * {@code auth_time} only when its session registry knows the browser's session, which it
 * keeps in memory; ours comes from the sign-in itself, stored with the authorization.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims">OpenID
 * Connect Core §5.4</a>
 * @see <a href=
 * "https://openid.net/specs/openid-connect-core-1_0.html#ClaimsParameter">OpenID Connect
 * Core §5.5</a>
 */
class IdTokenClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private static final String SID = "sid";

	private final JdbcUserAccountRepository accounts;

	IdTokenClaimsCustomizer(JdbcUserAccountRepository accounts) {
		this.accounts = accounts;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			return;
		}
		Set<String> names = UserClaims.names(context.getAuthorizedScopes(),
				RequestedClaims.of(context.getAuthorization()).idToken());
		JwtClaimsSet.Builder claims = context.getClaims();
		addSignIn(context, claims);
		addSession(context, claims);
		this.accounts.findByUsername(context.getPrincipal().getName())
			.ifPresent((account) -> UserClaims.add(account, names, claims::claim));
	}

	/**
	 * The session the code was granted in, not the user's most recently used one that the
	 * framework names ({@link GrantingSession}). A refreshed ID token keeps the first
	 * one's, as the framework copies it.
	 */
	private static void addSession(JwtEncodingContext context, JwtClaimsSet.Builder claims) {
		if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())
				&& context.getAuthorization() != null) {
			GrantingSession.sidOf(context.getAuthorization()).ifPresent((sid) -> claims.claim(SID, sid));
		}
	}

	/**
	 * What the sign-in was, as a {@code Date} like the framework's own {@code auth_time}
	 * (the encoder writes dates as seconds). The framework copies the first ID token's
	 * {@code auth_time} into refreshed ones itself, and the principal of a refresh is the
	 * same sign-in.
	 */
	private static void addSignIn(JwtEncodingContext context, JwtClaimsSet.Builder claims) {
		SignInFactors.signedInAt(context.getPrincipal())
			.ifPresent((signedInAt) -> claims
				.claims((existing) -> existing.putIfAbsent(IdTokenClaimNames.AUTH_TIME, Date.from(signedInAt))));
		List<String> methods = SignInFactors.methods(context.getPrincipal());
		if (!methods.isEmpty()) {
			// An ArrayList: the authorization store writes the claims as JSON with their
			// types, and reads back only the types on the framework's allow-list.
			claims.claim(IdTokenClaimNames.AMR, new ArrayList<>(methods));
		}
		SignInFactors.level(context.getPrincipal()).ifPresent((acr) -> claims.claim(IdTokenClaimNames.ACR, acr));
	}

}
