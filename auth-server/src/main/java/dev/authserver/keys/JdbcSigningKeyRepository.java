package dev.authserver.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stores signing keys in the {@code signing_key} table, private parts encrypted with the
 * key-encryption key.
 */
class JdbcSigningKeyRepository {

	private static final Logger log = LoggerFactory.getLogger(JdbcSigningKeyRepository.class);

	private final JdbcClient jdbc;

	private final KeyEncryptionCipher cipher;

	JdbcSigningKeyRepository(JdbcClient jdbc, KeyEncryptionCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	/**
	 * Takes the database lock that serializes changes to the key ring across instances;
	 * it is held until the surrounding transaction ends.
	 */
	void lock() {
		this.jdbc.sql("SELECT name FROM signing_key_lock WHERE name = 'signing-keys' FOR UPDATE")
			.query(String.class)
			.single();
	}

	List<SigningKey> findAll() {
		return this.jdbc.sql("""
				SELECT kid, public_key, private_key_ciphertext, state, created_at, activated_at, retired_at
				FROM signing_key ORDER BY created_at""").query(this::mapRow).list();
	}

	/** The keys as the console shows them, without decrypting anything. */
	List<SigningKeyView> findAllViews() {
		return this.jdbc.sql("""
				SELECT kid, state, created_at, activated_at, retired_at FROM signing_key ORDER BY created_at DESC""")
			.query((rs, rowNum) -> new SigningKeyView(rs.getString("kid"),
					SigningKeyState.valueOf(rs.getString("state")), rs.getTimestamp("created_at").toInstant(),
					instant(rs.getTimestamp("activated_at")), instant(rs.getTimestamp("retired_at"))))
			.list();
	}

	void insert(SigningKey key) {
		this.jdbc.sql("""
				INSERT INTO signing_key
				    (kid, algorithm, public_key, private_key_ciphertext, state, created_at, activated_at, retired_at)
				VALUES (:kid, 'RS256', :publicKey, :privateKey, :state, :createdAt, :activatedAt, :retiredAt)""")
			.param("kid", key.kid())
			.param("publicKey", Base64.getEncoder().encodeToString(key.keyPair().getPublic().getEncoded()))
			.param("privateKey", this.cipher.encrypt(key.kid(), key.keyPair().getPrivate().getEncoded()))
			.param("state", key.state().name())
			.param("createdAt", timestamp(key.createdAt()))
			.param("activatedAt", timestamp(key.activatedAt()), Types.TIMESTAMP)
			.param("retiredAt", timestamp(key.retiredAt()), Types.TIMESTAMP)
			.update();
	}

	void updateState(SigningKey key) {
		this.jdbc.sql("""
				UPDATE signing_key SET state = :state, activated_at = :activatedAt, retired_at = :retiredAt
				WHERE kid = :kid""")
			.param("state", key.state().name())
			.param("activatedAt", timestamp(key.activatedAt()), Types.TIMESTAMP)
			.param("retiredAt", timestamp(key.retiredAt()), Types.TIMESTAMP)
			.param("kid", key.kid())
			.update();
	}

	void delete(String kid) {
		this.jdbc.sql("DELETE FROM signing_key WHERE kid = :kid").param("kid", kid).update();
	}

	/**
	 * Re-encrypts, under the current key-encryption key, every private key still stored
	 * under a previous one; returns how many it re-encrypted.
	 */
	int reencryptUnderCurrentKey() {
		List<StoredCiphertext> stored = this.jdbc.sql("SELECT kid, private_key_ciphertext FROM signing_key")
			.query((rs, rowNum) -> new StoredCiphertext(rs.getString("kid"), rs.getString("private_key_ciphertext")))
			.list();
		int reencrypted = 0;
		for (StoredCiphertext row : stored) {
			KeyEncryptionCipher.Decrypted decrypted = decrypt(row.kid(), row.ciphertext());
			if (decrypted.underPreviousKey()) {
				this.jdbc.sql("UPDATE signing_key SET private_key_ciphertext = :ciphertext WHERE kid = :kid")
					.param("ciphertext", this.cipher.encrypt(row.kid(), decrypted.plaintext()))
					.param("kid", row.kid())
					.update();
				log.info("Re-encrypted the private signing key kid={} under the current key-encryption key", row.kid());
				reencrypted++;
			}
		}
		return reencrypted;
	}

	private SigningKey mapRow(ResultSet rs, int rowNum) throws SQLException {
		String kid = rs.getString("kid");
		KeyPair keyPair = decode(kid, rs.getString("public_key"), rs.getString("private_key_ciphertext"));
		return new SigningKey(kid, keyPair, SigningKeyState.valueOf(rs.getString("state")),
				rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("activated_at")),
				instant(rs.getTimestamp("retired_at")));
	}

	private KeyPair decode(String kid, String publicKey, String privateKeyCiphertext) {
		try {
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			byte[] privateKey = decrypt(kid, privateKeyCiphertext).plaintext();
			return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))),
					rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The stored signing key kid=" + kid + " is not a valid RSA key", ex);
		}
	}

	private static Timestamp timestamp(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private KeyEncryptionCipher.Decrypted decrypt(String kid, String privateKeyCiphertext) {
		try {
			return this.cipher.decrypt(kid, privateKeyCiphertext);
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(
					"Cannot decrypt the private signing key kid=" + kid + ": " + ex.getMessage(), ex);
		}
	}

	private record StoredCiphertext(String kid, String ciphertext) {
	}

}
