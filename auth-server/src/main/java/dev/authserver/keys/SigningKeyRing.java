package dev.authserver.keys;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;

/**
 * The JWK source behind token signing and the JWKS endpoint, backed by the keys stored in the database.
 * <p>
 * The keys are read once at start-up and held in memory, so signing a token never touches the database. On an
 * empty database a first RSA-2048 key is generated and stored.
 */
public class SigningKeyRing implements JWKSource<SecurityContext>, InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(SigningKeyRing.class);

	private static final int RSA_KEY_BITS = 2048;

	private final JdbcSigningKeyRepository repository;

	private final Clock clock;

	private volatile JWKSet jwkSet = new JWKSet();

	SigningKeyRing(JdbcSigningKeyRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	@Override
	public void afterPropertiesSet() {
		List<SigningKey> keys = this.repository.findAll();
		if (keys.isEmpty()) {
			SigningKey key = new SigningKey(UUID.randomUUID().toString(), generateRsaKeyPair(), SigningKeyState.ACTIVE,
					this.clock.instant());
			this.repository.insert(key);
			log.info("Generated the first signing key, kid={}", key.kid());
			keys = List.of(key);
		}
		this.jwkSet = new JWKSet(keys.stream().map(SigningKey::toJwk).map(JWK.class::cast).toList());
		log.info("Loaded {} signing key(s)", keys.size());
	}

	@Override
	public List<JWK> get(JWKSelector jwkSelector, SecurityContext context) {
		return jwkSelector.select(this.jwkSet);
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
