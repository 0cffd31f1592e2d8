package dev.authserver.keys;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JWK source behind token signing and the JWKS endpoint: the published keys
 * ({@code NEXT}, {@code ACTIVE}, {@code RETIRED}) as stored in the database, and which of
 * them signs.
 * <p>
 * The keys are held in memory and reloaded every check interval, so signing a token never
 * touches the database. Tokens name the active key's {@code kid} in their header, which
 * is how the encoder picks it among several.
 */
public class SigningKeyRing implements JWKSource<SecurityContext> {

	private static final Logger log = LoggerFactory.getLogger(SigningKeyRing.class);

	private final JdbcSigningKeyRepository repository;

	private volatile Snapshot snapshot = Snapshot.of(new JWKSet(), null);

	SigningKeyRing(JdbcSigningKeyRepository repository) {
		this.repository = repository;
	}

	/** Reads the keys from the database again; another instance may have rotated them. */
	public void reload() {
		List<SigningKey> keys = this.repository.findAll();
		List<JWK> published = keys.stream()
			.filter((key) -> key.state().isPublished())
			.map(SigningKey::toJwk)
			.map(JWK.class::cast)
			.toList();
		String activeKid = keys.stream()
			.filter((key) -> key.state() == SigningKeyState.ACTIVE)
			.map(SigningKey::kid)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No active signing key in the database"));
		Snapshot previous = this.snapshot;
		this.snapshot = Snapshot.of(new JWKSet(published), activeKid);
		if (!activeKid.equals(previous.activeKid())) {
			log.info("Signing with key kid={} ({} key(s) published)", activeKid, published.size());
		}
	}

	/** The {@code kid} of the key that signs tokens now. */
	public String activeKid() {
		return this.snapshot.activeKid();
	}

	/** The JWKS document (public keys only), serialized once per change of the keys. */
	public PublishedJwks publishedJwks() {
		return this.snapshot.publishedJwks();
	}

	@Override
	public List<JWK> get(JWKSelector jwkSelector, SecurityContext context) {
		return jwkSelector.select(this.snapshot.jwkSet());
	}

	private record Snapshot(JWKSet jwkSet, String activeKid, PublishedJwks publishedJwks) {

		static Snapshot of(JWKSet jwkSet, String activeKid) {
			// toString() serializes the public parts only.
			return new Snapshot(jwkSet, activeKid, PublishedJwks.of(jwkSet.toString()));
		}

	}

}
