package dev.authserver.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * What a user's sign-in was, read from the {@link FactorGrantedAuthority factor
 * authorities} Spring Security 7 adds to an authentication (a password sign-in carries
 * {@code FACTOR_PASSWORD}, issued when the password was checked): when it happened (the
 * ID token's {@code auth_time}), by which methods ({@code amr}) and at which level
 * ({@code acr}). The authentication, factors included, lives in the session (Spring
 * Session JDBC) and in each authorization, so these survive a restart.
 *
 * @see <a href="https://openid.net/specs/openid-connect-core-1_0.html#IDToken">OpenID
 * Connect Core §2</a>
 */
public final class SignInFactors {

	/**
	 * The {@code acr} of a sign-in with a password only. Not {@code "0"} or {@code "1"}:
	 * those name ISO/IEC 29115 levels, an assessment this server has not had; a URN of
	 * our own says exactly what happened, and stronger sign-ins (passkeys: the
	 * {@code phr} value of OpenID EAP ACR Values) get values of their own.
	 */
	public static final String PASSWORD_ACR = "urn:dev-authserver:acr:password";

	/** The {@code acr} values this server can deliver, as discovery advertises them. */
	public static final List<String> ACR_VALUES = List.of(PASSWORD_ACR);

	/** RFC 8176 §2: the {@code amr} value of a password sign-in. */
	static final String PASSWORD_AMR = "pwd";

	private SignInFactors() {
	}

	/** When the user last proved a factor, if the authentication says. */
	public static Optional<Instant> signedInAt(Authentication authentication) {
		return factors(authentication).stream().map(FactorGrantedAuthority::getIssuedAt).max(Instant::compareTo);
	}

	/** The RFC 8176 methods of the sign-in; empty when none is known. */
	public static List<String> methods(Authentication authentication) {
		return factors(authentication).stream()
			.map(FactorGrantedAuthority::getAuthority)
			.filter(FactorGrantedAuthority.PASSWORD_AUTHORITY::equals)
			.map((factor) -> PASSWORD_AMR)
			.distinct()
			.toList();
	}

	/** The {@code acr} of the sign-in: only a password one is known today. */
	public static Optional<String> level(Authentication authentication) {
		return methods(authentication).contains(PASSWORD_AMR) ? Optional.of(PASSWORD_ACR) : Optional.empty();
	}

	private static List<FactorGrantedAuthority> factors(Authentication authentication) {
		if (authentication == null) {
			return List.of();
		}
		return authentication.getAuthorities()
			.stream()
			.filter(FactorGrantedAuthority.class::isInstance)
			.map(FactorGrantedAuthority.class::cast)
			.toList();
	}

	static boolean isSignedIn(Authentication authentication) {
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

}
