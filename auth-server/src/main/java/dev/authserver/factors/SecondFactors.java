package dev.authserver.factors;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.keys.OpaqueTokens;
import dev.authserver.users.JdbcLoginThrottle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's second factors: enrolling and removing a one-time-code authenticator, its
 * recovery codes, and checking a code at the second step of a sign-in, throttled and
 * audited.
 */
class SecondFactors {

	private static final Logger log = LoggerFactory.getLogger(SecondFactors.class);

	private final JdbcTotpCredentials credentials;

	private final JdbcRecoveryCodes recoveryCodes;

	private final JdbcSecondFactorRequirements requirements;

	private final JdbcLoginThrottle throttle;

	private final AuditLog auditLog;

	private final SecondFactorProperties properties;

	private final Clock clock;

	SecondFactors(JdbcTotpCredentials credentials, JdbcRecoveryCodes recoveryCodes,
			JdbcSecondFactorRequirements requirements, JdbcLoginThrottle throttle, AuditLog auditLog,
			SecondFactorProperties properties, Clock clock) {
		this.credentials = credentials;
		this.recoveryCodes = recoveryCodes;
		this.requirements = requirements;
		this.throttle = throttle;
		this.auditLog = auditLog;
		this.properties = properties;
		this.clock = clock;
	}

	/** Whether the user has a confirmed authenticator. */
	boolean isEnrolled(String username) {
		return this.credentials.hasConfirmed(username);
	}

	/**
	 * Whether the user must pass a second factor at sign-in: they have one, or an admin
	 * requires one of them or of one of their roles. One query.
	 */
	boolean isRequired(String username) {
		return this.requirements.isRequiredOf(username);
	}

	/** Whether an admin requires a second factor of everyone signing in to the client. */
	boolean isRequiredByClient(String clientId) {
		return this.requirements.isRequired(JdbcSecondFactorRequirements.Kind.CLIENT, clientId);
	}

	Status status(String username) {
		return new Status(this.credentials.hasConfirmed(username), this.recoveryCodes.remaining(username),
				this.requirements.isRequired(JdbcSecondFactorRequirements.Kind.USER, username), isRequired(username));
	}

	/**
	 * A new secret for the user to put in their app, stored unconfirmed; empty when they
	 * have a confirmed one already.
	 */
	Optional<byte[]> startEnrolment(String username) {
		byte[] secret = OpaqueTokens.randomBytes(Totp.SECRET_BYTES);
		return this.credentials.savePending(username, secret) ? Optional.of(secret) : Optional.empty();
	}

	/** The unconfirmed secret being enrolled, to show again. */
	Optional<byte[]> pendingSecret(String username) {
		return this.credentials.find(username)
			.filter((secret) -> !secret.confirmed())
			.map(JdbcTotpCredentials.Secret::value);
	}

	/**
	 * Confirms the pending secret with a code from the app; returns the ten recovery
	 * codes, to be shown once, or empty when the code is wrong.
	 */
	Optional<List<String>> confirmEnrolment(String username, String code) {
		Optional<byte[]> pending = pendingSecret(username);
		if (pending.isEmpty()) {
			return Optional.empty();
		}
		if (this.throttle.secondFactorLockedUntil(username).isPresent()) {
			this.auditLog.record(AuditEventType.SECOND_FACTOR_LOCKED, Outcome.FAILURE, username, null, "enrolment");
			return Optional.empty();
		}
		OptionalLong step = Totp.matchingStep(pending.get(), code, this.clock.instant());
		if (step.isEmpty() || !this.credentials.claimStep(username, step.getAsLong(), true)) {
			this.throttle.recordSecondFactorFailure(username, this.properties.freeFailures());
			return Optional.empty();
		}
		this.throttle.recordSecondFactorSuccess(username);
		List<String> codes = this.recoveryCodes.regenerate(username);
		this.auditLog.record(AuditEventType.SECOND_FACTOR_ENROLLED, Outcome.SUCCESS, username, null, "totp");
		log.info("User {} enrolled a one-time-code authenticator", username);
		return Optional.of(codes);
	}

	/** Ten new recovery codes in place of the old ones. */
	List<String> regenerateRecoveryCodes(String username) {
		List<String> codes = this.recoveryCodes.regenerate(username);
		this.auditLog.record(AuditEventType.RECOVERY_CODES_GENERATED, Outcome.SUCCESS, username, null, null);
		return codes;
	}

	/**
	 * Checks a code at the second step: a one-time code of the current step (or its
	 * neighbours) not used before, or else an unused recovery code. Refused while the
	 * second factor is locked, without looking at the code.
	 */
	Verification verify(String username, String code) {
		if (this.throttle.secondFactorLockedUntil(username).isPresent()) {
			this.auditLog.record(AuditEventType.SECOND_FACTOR_LOCKED, Outcome.FAILURE, username, null, null);
			return Verification.LOCKED;
		}
		Optional<JdbcTotpCredentials.Secret> secret = this.credentials.find(username)
			.filter(JdbcTotpCredentials.Secret::confirmed);
		if (secret.isPresent()) {
			OptionalLong step = Totp.matchingStep(secret.get().value(), code, this.clock.instant());
			if (step.isPresent() && this.credentials.claimStep(username, step.getAsLong(), false)) {
				return succeeded(username, Verification.ONE_TIME_CODE);
			}
			if (step.isEmpty() && this.recoveryCodes.use(username, code)) {
				this.auditLog.record(AuditEventType.RECOVERY_CODE_USED, Outcome.SUCCESS, username, null,
						"remaining=" + this.recoveryCodes.remaining(username));
				return succeeded(username, Verification.RECOVERY_CODE);
			}
		}
		this.throttle.recordSecondFactorFailure(username, this.properties.freeFailures());
		this.auditLog.record(AuditEventType.SECOND_FACTOR, Outcome.FAILURE, username, null, null);
		log.debug("Wrong second-factor code for user {}", username);
		return Verification.WRONG;
	}

	private Verification succeeded(String username, Verification verification) {
		this.throttle.recordSecondFactorSuccess(username);
		this.auditLog.record(AuditEventType.SECOND_FACTOR, Outcome.SUCCESS, username, null,
				verification.name().toLowerCase(Locale.ROOT));
		return verification;
	}

	/** The user removes their authenticator and recovery codes. */
	boolean remove(String username) {
		boolean removed = deleteFactors(username);
		if (removed) {
			this.auditLog.record(AuditEventType.SECOND_FACTOR_REMOVED, Outcome.SUCCESS, username, null, "totp");
			log.info("User {} removed their one-time-code authenticator", username);
		}
		return removed;
	}

	/** An admin removes the user's factors; the caller ends the user's sessions. */
	boolean reset(String username, String admin) {
		boolean removed = deleteFactors(username);
		this.throttle.recordSecondFactorSuccess(username);
		this.auditLog.record(AuditEventType.SECOND_FACTOR_RESET, Outcome.SUCCESS, admin, null, "user=" + username);
		log.info("Second factors of user {} reset by admin {}", username, admin);
		return removed;
	}

	private boolean deleteFactors(String username) {
		this.recoveryCodes.delete(username);
		return this.credentials.delete(username);
	}

	/** The {@code otpauth} URI of a secret, for the QR code. */
	String enrolmentUri(String username, byte[] secret) {
		return Totp.uri(this.properties.issuerName(), username, secret);
	}

	/** What the account page and the console show. */
	record Status(boolean enrolled, int recoveryCodes, boolean requiredForUser, boolean required) {
	}

	enum Verification {

		ONE_TIME_CODE, RECOVERY_CODE, WRONG, LOCKED;

		boolean accepted() {
			return this == ONE_TIME_CODE || this == RECOVERY_CODE;
		}

	}

}
