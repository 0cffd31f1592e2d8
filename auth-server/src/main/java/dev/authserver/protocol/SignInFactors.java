package dev.authserver.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * What a user's sign-in was, read from the {@link FactorGrantedAuthority factor
 * authorities} Spring Security 7 adds to an authentication (a password sign-in carries
 * {@code FACTOR_PASSWORD}, issued when the password was checked, a passkey sign-in
 * {@code FACTOR_WEBAUTHN}): when it happened (the ID token's {@code auth_time}), by which
 * methods ({@code amr}) and at which level ({@code acr}). A second factor adds
 * {@link #OTP_AUTHORITY} to the same authentication. The authentication, factors
 * included, lives in the session (Spring Session JDBC) and in each authorization, so
 * these survive a restart.
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

	/**
	 * The {@code acr} of a sign-in with a passkey: {@code phr}, phishing-resistant, of
	 * OpenID Enhanced Authentication Profile ACR Values 1.0 §2. A passkey's signature
	 * covers the origin the browser saw, so a look-alike site cannot replay it.
	 */
	public static final String PASSKEY_ACR = "phr";

	/**
	 * The {@code acr} of a sign-in with a password and a second factor. A client asks for
	 * it with {@code acr_values}; a session with the password only then gets the second
	 * step, not a new sign-in.
	 */
	public static final String MFA_ACR = "urn:dev-authserver:acr:mfa";

	/** The {@code acr} values this server can deliver, as discovery advertises them. */
	public static final List<String> ACR_VALUES = List.of(PASSWORD_ACR, PASSKEY_ACR, MFA_ACR);

	/**
	 * The factor authority of a one-time code (RFC 6238) or a recovery code, added to the
	 * password sign-in's authentication when the user passes the second step.
	 */
	public static final String OTP_AUTHORITY = "FACTOR_OTP";

	/** RFC 8176 §2: the {@code amr} value of a password sign-in. */
	static final String PASSWORD_AMR = "pwd";

	/**
	 * RFC 8176 §2: proof of possession of a hardware-secured key, a passkey's private
	 * key, which never leaves its authenticator.
	 */
	static final String HARDWARE_KEY_AMR = "hwk";

	/**
	 * RFC 8176 §2: user presence and verification by the authenticator (PIN or
	 * biometrics), which a passkey sign-in requires ({@code passkeys.PasskeysConfig}).
	 */
	static final String USER_VERIFIED_AMR = "user";

	/** RFC 8176 §2: a one-time password. */
	static final String OTP_AMR = "otp";

	/** RFC 8176 §2: more than one factor. */
	static final String MFA_AMR = "mfa";

	/** The methods each factor authority stands for. */
	private static final Map<String, List<String>> AMR = Map.of(FactorGrantedAuthority.PASSWORD_AUTHORITY,
			List.of(PASSWORD_AMR), FactorGrantedAuthority.WEBAUTHN_AUTHORITY,
			List.of(HARDWARE_KEY_AMR, USER_VERIFIED_AMR), OTP_AUTHORITY, List.of(OTP_AMR));

	private SignInFactors() {
	}

	/** When the user last proved a factor, if the authentication says. */
	public static Optional<Instant> signedInAt(Authentication authentication) {
		return factors(authentication).stream().map(FactorGrantedAuthority::getIssuedAt).max(Instant::compareTo);
	}

	/**
	 * The RFC 8176 methods of the sign-in, with {@code mfa} after them when two factors
	 * were proved; empty when none is known.
	 */
	public static List<String> methods(Authentication authentication) {
		List<String> factors = factors(authentication).stream()
			.map(FactorGrantedAuthority::getAuthority)
			.filter(AMR::containsKey)
			.distinct()
			.toList();
		List<String> methods = new ArrayList<>(factors.stream().flatMap((factor) -> AMR.get(factor).stream()).toList());
		if (factors.size() > 1) {
			methods.add(MFA_AMR);
		}
		return List.copyOf(methods);
	}

	/**
	 * The {@code acr} of the sign-in: the strongest of the methods used (a passkey, then
	 * a password with a second factor, then a password).
	 */
	public static Optional<String> level(Authentication authentication) {
		List<String> methods = methods(authentication);
		if (methods.contains(HARDWARE_KEY_AMR)) {
			return Optional.of(PASSKEY_ACR);
		}
		if (methods.contains(MFA_AMR)) {
			return Optional.of(MFA_ACR);
		}
		return methods.contains(PASSWORD_AMR) ? Optional.of(PASSWORD_ACR) : Optional.empty();
	}

	/** Whether the sign-in has passed a second factor. */
	public static boolean hasSecondFactor(Authentication authentication) {
		return factors(authentication).stream().anyMatch((factor) -> OTP_AUTHORITY.equals(factor.getAuthority()));
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
