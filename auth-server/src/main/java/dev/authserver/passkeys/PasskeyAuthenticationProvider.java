package dev.authserver.passkeys;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationProvider;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

/**
 * Signs a user in with a passkey: the framework's relying party checks the assertion
 * (signature, challenge, origin, relying party id, user verification), and the result is
 * the same kind of authentication as a password sign-in, the account's
 * {@link UserDetails} with its roles, carrying the {@code FACTOR_WEBAUTHN} factor instead
 * of {@code FACTOR_PASSWORD}.
 * <p>
 * Instead of {@link WebAuthnAuthenticationProvider}, for two reasons: that provider signs
 * in a disabled account (it checks no account status), and its
 * {@code WebAuthnAuthentication} is not in the JSON type allow-list of the framework's
 * authorization store, which keeps the user's authentication with every authorization.
 */
final class PasskeyAuthenticationProvider implements AuthenticationProvider {

	/** The flags byte follows the 32 bytes of the relying party id's hash. */
	private static final int USER_VERIFIED_FLAGS_INDEX = 32;

	private static final int USER_VERIFIED = 0x04;

	private final WebAuthnRelyingPartyOperations relyingParty;

	private final UserDetailsService users;

	private final AccountStatusUserDetailsChecker accountStatus = new AccountStatusUserDetailsChecker();

	PasskeyAuthenticationProvider(WebAuthnRelyingPartyOperations relyingParty, UserDetailsService users) {
		this.relyingParty = relyingParty;
		this.users = users;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		WebAuthnAuthenticationRequestToken request = (WebAuthnAuthenticationRequestToken) authentication;
		UserDetails user;
		try {
			PublicKeyCredentialUserEntity entity = this.relyingParty.authenticate(request.getWebAuthnRequest());
			user = this.users.loadUserByUsername(entity.getName());
		}
		catch (RuntimeException ex) {
			// An unknown credential, webauthn4j's verification failures (signature,
			// origin,
			// challenge, user verification), or an account deleted since: all the same to
			// the caller.
			throw new BadCredentialsException("The passkey was not accepted", ex);
		}
		if (!userVerified(request)) {
			throw new BadCredentialsException("The authenticator did not verify the user");
		}
		this.accountStatus.check(user);
		List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
		authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY));
		return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
	}

	/**
	 * Whether the authenticator data, whose signature the relying party has just checked,
	 * has its UV flag (WebAuthn Level 3 §6.1, bit 2). Checked here although the request
	 * options require user verification: the framework compares the stored options'
	 * {@code UserVerificationRequirement} by identity, and options that went through a
	 * serialized session (Spring Session JDBC) are a copy, so it would not require it.
	 */
	private static boolean userVerified(WebAuthnAuthenticationRequestToken request) {
		byte[] authenticatorData = request.getWebAuthnRequest()
			.getPublicKey()
			.getResponse()
			.getAuthenticatorData()
			.getBytes();
		return authenticatorData.length > USER_VERIFIED_FLAGS_INDEX
				&& (authenticatorData[USER_VERIFIED_FLAGS_INDEX] & USER_VERIFIED) != 0;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
	}

}
