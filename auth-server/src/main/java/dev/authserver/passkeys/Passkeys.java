package dev.authserver.passkeys;

import java.util.List;
import java.util.Optional;

import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.users.UserSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

/**
 * A user's passkeys, as the account page and the console change them: registration with a
 * checked label, rename and removal, each audited. Removing a passkey ends the user's
 * other sessions, as a changed password does: one of them may be the one that stole it.
 */
class Passkeys {

	private static final Logger log = LoggerFactory.getLogger(Passkeys.class);

	private final JdbcPasskeys passkeys;

	private final WebAuthnRelyingPartyOperations relyingParty;

	private final UserSessions sessions;

	private final AuditLog auditLog;

	Passkeys(JdbcPasskeys passkeys, WebAuthnRelyingPartyOperations relyingParty, UserSessions sessions,
			AuditLog auditLog) {
		this.passkeys = passkeys;
		this.relyingParty = relyingParty;
		this.sessions = sessions;
		this.auditLog = auditLog;
	}

	List<Passkey> of(String username) {
		return this.passkeys.of(username);
	}

	Optional<Passkey> find(String username, String id) {
		return this.passkeys.find(username, id);
	}

	/**
	 * Verifies the authenticator's answer to {@code options} (challenge, origin, relying
	 * party id, user verification) and stores the new passkey under {@code username}.
	 * @throws PasskeyRefusedException when the label is not acceptable or the answer does
	 * not verify
	 */
	void register(String username, PublicKeyCredentialCreationOptions options, RelyingPartyPublicKey publicKey) {
		String problem = Passkey.labelProblem(publicKey.getLabel());
		if (problem != null) {
			throw new PasskeyRefusedException("label", problem);
		}
		if (!username.equals(options.getUser().getName())) {
			throw new PasskeyRefusedException("passkey", "Start the registration again");
		}
		RelyingPartyPublicKey labelled = new RelyingPartyPublicKey(publicKey.getCredential(),
				publicKey.getLabel().strip());
		try {
			this.relyingParty.registerCredential(new ImmutableRelyingPartyRegistrationRequest(options, labelled));
		}
		catch (RuntimeException ex) {
			log.debug("Passkey registration of user {} refused: {}", username, ex.getMessage());
			throw new PasskeyRefusedException("passkey",
					"The passkey could not be verified. Try again, or with another device.");
		}
		this.auditLog.success(AuditEventType.PASSKEY_REGISTERED, null, "label=" + labelled.getLabel());
	}

	/**
	 * @return whether the user has that passkey
	 */
	boolean rename(String username, String id, String label) {
		boolean renamed = this.passkeys.rename(username, id, label.strip());
		if (renamed) {
			this.auditLog.success(AuditEventType.PASSKEY_RENAMED, null, "user=" + username + " label=" + label.strip());
		}
		return renamed;
	}

	/**
	 * Removes the passkey and ends the user's sessions except {@code keptSessionId}.
	 * @return how many sessions ended, or empty when the user has no such passkey
	 */
	Optional<Integer> remove(String username, String id, String keptSessionId) {
		Optional<Passkey> passkey = this.passkeys.find(username, id);
		if (passkey.isEmpty() || !this.passkeys.delete(username, id)) {
			return Optional.empty();
		}
		// As for a changed password: their refresh tokens go too.
		int ended = this.sessions.endAll(username, keptSessionId, true);
		this.auditLog.success(AuditEventType.PASSKEY_REMOVED, null,
				"user=" + username + " label=" + passkey.get().label() + " sessions ended=" + ended);
		return Optional.of(ended);
	}

}
