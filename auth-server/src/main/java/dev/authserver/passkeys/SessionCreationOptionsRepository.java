package dev.authserver.passkeys;

import java.io.Serializable;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * Keeps a pending registration's options in the session between the options request and
 * the registration, as the framework's
 * {@code HttpSessionPublicKeyCredentialCreationOptionsRepository} does, but as plain
 * strings: sessions are rows that Spring Session JDBC serializes, and
 * {@link PublicKeyCredentialCreationOptions} is not {@link Serializable}. What the
 * options hold besides the challenge and the user is this server's fixed choice, the same
 * on every instance, and is built again on load.
 */
final class SessionCreationOptionsRepository implements PublicKeyCredentialCreationOptionsRepository {

	/** The algorithms passkeys may use, in the framework's order of preference. */
	static final List<PublicKeyCredentialParameters> CREDENTIAL_PARAMETERS = List.of(
			PublicKeyCredentialParameters.EdDSA, PublicKeyCredentialParameters.ES256,
			PublicKeyCredentialParameters.RS256);

	/**
	 * A discoverable credential (a passkey, which the login page finds without a
	 * username), and the user verified (PIN or biometrics), which sign-in requires too.
	 */
	static final AuthenticatorSelectionCriteria AUTHENTICATOR_SELECTION = AuthenticatorSelectionCriteria.builder()
		.residentKey(ResidentKeyRequirement.REQUIRED)
		.userVerification(UserVerificationRequirement.REQUIRED)
		.build();

	private static final String ATTRIBUTE = SessionCreationOptionsRepository.class.getName() + ".PENDING";

	private final PublicKeyCredentialRpEntity rp;

	SessionCreationOptionsRepository(PublicKeyCredentialRpEntity rp) {
		this.rp = rp;
	}

	@Override
	public void save(HttpServletRequest request, HttpServletResponse response,
			PublicKeyCredentialCreationOptions options) {
		if (options == null) {
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.removeAttribute(ATTRIBUTE);
			}
			return;
		}
		request.getSession()
			.setAttribute(ATTRIBUTE,
					new PendingRegistration(options.getChallenge().toBase64UrlString(),
							options.getUser().getId().toBase64UrlString(), options.getUser().getName(),
							options.getUser().getDisplayName()));
	}

	@Override
	public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof PendingRegistration pending)) {
			return null;
		}
		return PublicKeyCredentialCreationOptions.builder()
			.rp(this.rp)
			.user(ImmutablePublicKeyCredentialUserEntity.builder()
				.id(Bytes.fromBase64(pending.userId()))
				.name(pending.userName())
				.displayName(pending.displayName())
				.build())
			.challenge(Bytes.fromBase64(pending.challenge()))
			.pubKeyCredParams(CREDENTIAL_PARAMETERS)
			.authenticatorSelection(AUTHENTICATOR_SELECTION)
			.build();
	}

	record PendingRegistration(String challenge, String userId, String userName,
			String displayName) implements Serializable {

	}

}
