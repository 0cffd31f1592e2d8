package dev.authserver.keys;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves signing keys through their lifecycle: publishes the next key ahead of time, lets
 * it take over when due, retires the old one and deletes it once every token it signed
 * has expired.
 * <p>
 * Every change happens under a database lock and starts from the rows as they are then,
 * so several instances on one database rotate exactly once, whichever of them gets there
 * first.
 */
public class SigningKeyRotator {

	private static final Logger log = LoggerFactory.getLogger(SigningKeyRotator.class);

	private static final int RSA_KEY_BITS = 2048;

	private final JdbcSigningKeyRepository repository;

	private final KeyProperties properties;

	private final Clock clock;

	private final Counter rotations;

	private final ApplicationEventPublisher events;

	SigningKeyRotator(JdbcSigningKeyRepository repository, KeyProperties properties, Clock clock, Counter rotations,
			ApplicationEventPublisher events) {
		this.repository = repository;
		this.properties = properties;
		this.clock = clock;
		this.rotations = rotations;
		this.events = events;
	}

	/**
	 * Applies whatever is due now: the first key on an empty database, publishing the
	 * next key, the switch to it, and the removal of retired keys whose window has
	 * passed.
	 */
	@Transactional
	public void advance() {
		this.repository.lock();
		Instant now = this.clock.instant();
		List<SigningKey> keys = this.repository.findAll();

		Optional<SigningKey> active = find(keys, SigningKeyState.ACTIVE);
		Optional<SigningKey> next = find(keys, SigningKeyState.NEXT);
		if (active.isEmpty()) {
			if (next.isPresent()) {
				activate(next.get(), null, now);
			}
			else {
				SigningKey first = newKey(SigningKeyState.ACTIVE, now, now);
				this.repository.insert(first);
				log.info("Generated the first signing key, kid={}", first.kid());
			}
			return;
		}
		Instant rotationDue = active.get().activatedAt().plus(this.properties.rotationPeriod());
		if (next.isEmpty() && !now.isBefore(rotationDue.minus(this.properties.prePublication()))) {
			next = Optional.of(publishNext(later(rotationDue, now.plus(this.properties.prePublication())), now));
		}
		if (next.isPresent() && !now.isBefore(next.get().activatedAt())) {
			activate(next.get(), active.get(), now);
		}
		deleteExpired(keys, now);
	}

	/**
	 * Rotates on demand: publishes the next key now, or brings forward the one already
	 * published; it signs once it has been published for the pre-publication window, at
	 * the next {@link #advance()} after that.
	 * @return the key that will sign next
	 */
	@Transactional
	public SigningKeyView requestRotation() {
		this.repository.lock();
		Instant now = this.clock.instant();
		List<SigningKey> keys = this.repository.findAll();
		Optional<SigningKey> next = find(keys, SigningKeyState.NEXT);
		if (next.isEmpty()) {
			SigningKey published = publishNext(now.plus(this.properties.prePublication()), now);
			return published.view();
		}
		Instant earliest = later(next.get().createdAt().plus(this.properties.prePublication()), now);
		if (earliest.isBefore(next.get().activatedAt())) {
			SigningKey broughtForward = next.get().withState(SigningKeyState.NEXT, earliest, null);
			this.repository.updateState(broughtForward);
			log.info("Rotation requested: signing key kid={} signs from {}", broughtForward.kid(), earliest);
			return broughtForward.view();
		}
		return next.get().view();
	}

	/**
	 * Withdraws a compromised key at once: it leaves the JWKS, so the tokens it signed
	 * stop verifying. When it was the signing key, the next key (or, without one, a new
	 * key) takes over immediately.
	 * @return false when there is no published key with that id
	 */
	@Transactional
	public boolean revoke(String kid) {
		this.repository.lock();
		Instant now = this.clock.instant();
		List<SigningKey> keys = this.repository.findAll();
		Optional<SigningKey> revoked = keys.stream()
			.filter((key) -> key.kid().equals(kid) && key.state().isPublished())
			.findFirst();
		if (revoked.isEmpty()) {
			return false;
		}
		this.repository.updateState(revoked.get().withState(SigningKeyState.REVOKED, revoked.get().activatedAt(), now));
		log.warn("Revoked signing key kid={}: tokens it signed no longer verify", kid);
		this.events.publishEvent(new SigningKeyEvents.Revoked(kid));
		if (revoked.get().state() == SigningKeyState.ACTIVE) {
			Optional<SigningKey> next = find(keys, SigningKeyState.NEXT);
			if (next.isPresent()) {
				activate(next.get(), null, now);
			}
			else {
				SigningKey replacement = newKey(SigningKeyState.ACTIVE, now, now);
				this.repository.insert(replacement);
				log.warn("Signing key kid={} signs at once, without pre-publication, after a revocation",
						replacement.kid());
				this.events.publishEvent(new SigningKeyEvents.Rotated(replacement.kid(), null));
			}
		}
		return true;
	}

	/**
	 * Re-encrypts keys stored under a previous key-encryption key; done at start-up under
	 * the lock.
	 */
	@Transactional
	public void reencryptUnderCurrentKey() {
		this.repository.lock();
		this.repository.reencryptUnderCurrentKey();
	}

	private SigningKey publishNext(Instant activatesAt, Instant now) {
		SigningKey next = newKey(SigningKeyState.NEXT, now, activatesAt);
		this.repository.insert(next);
		log.info("Published the next signing key, kid={}, which signs from {}", next.kid(), activatesAt);
		return next;
	}

	private void activate(SigningKey next, SigningKey previous, Instant now) {
		this.repository.updateState(next.withState(SigningKeyState.ACTIVE, now, null));
		if (previous != null) {
			this.repository.updateState(previous.withState(SigningKeyState.RETIRED, previous.activatedAt(), now));
		}
		log.info("Rotated signing key, new kid={}, retired kid={}", next.kid(),
				(previous != null) ? previous.kid() : "none");
		this.rotations.increment();
		this.events.publishEvent(new SigningKeyEvents.Rotated(next.kid(), (previous != null) ? previous.kid() : null));
	}

	private void deleteExpired(List<SigningKey> keys, Instant now) {
		for (SigningKey key : keys) {
			boolean gone = (key.state() == SigningKeyState.RETIRED || key.state() == SigningKeyState.REVOKED)
					&& !now.isBefore(key.retiredAt().plus(this.properties.retiredKeyRetention()));
			if (gone) {
				this.repository.delete(key.kid());
				log.info("Removed signing key kid={}: every token it signed has expired", key.kid());
			}
		}
	}

	private SigningKey newKey(SigningKeyState state, Instant now, Instant activatedAt) {
		return new SigningKey(UUID.randomUUID().toString(), generateRsaKeyPair(), state, now, activatedAt, null);
	}

	private static Optional<SigningKey> find(List<SigningKey> keys, SigningKeyState state) {
		return keys.stream().filter((key) -> key.state() == state).reduce((first, second) -> second);
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static KeyPair generateRsaKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(RSA_KEY_BITS);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("This JVM cannot generate RSA keys", ex);
		}
	}

}
