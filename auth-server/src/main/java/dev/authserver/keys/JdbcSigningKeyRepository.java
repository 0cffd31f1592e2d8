package dev.authserver.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Stores signing keys in the {@code signing_key} table, private parts encrypted with the key-encryption key.
 */
class JdbcSigningKeyRepository {

	private final JdbcClient jdbc;

	private final PrivateKeyCipher cipher;

	JdbcSigningKeyRepository(JdbcClient jdbc, PrivateKeyCipher cipher) {
		this.jdbc = jdbc;
		this.cipher = cipher;
	}

	List<SigningKey> findAll() {
		return this.jdbc
			.sql("SELECT kid, public_key, private_key_ciphertext, state, created_at FROM signing_key ORDER BY created_at")
			.query((rs, rowNum) -> {
				String kid = rs.getString("kid");
				KeyPair keyPair = decode(kid, rs.getString("public_key"), rs.getString("private_key_ciphertext"));
				return new SigningKey(kid, keyPair, SigningKeyState.valueOf(rs.getString("state")),
						rs.getTimestamp("created_at").toInstant());
			})
			.list();
	}

	void insert(SigningKey key) {
		this.jdbc.sql("""
				INSERT INTO signing_key (kid, algorithm, public_key, private_key_ciphertext, state, created_at)
				VALUES (:kid, 'RS256', :publicKey, :privateKey, :state, :createdAt)""")
			.param("kid", key.kid())
			.param("publicKey", Base64.getEncoder().encodeToString(key.keyPair().getPublic().getEncoded()))
			.param("privateKey", this.cipher.encrypt(key.kid(), key.keyPair().getPrivate().getEncoded()))
			.param("state", key.state().name())
			.param("createdAt", Timestamp.from(key.createdAt()))
			.update();
	}

	private KeyPair decode(String kid, String publicKey, String privateKeyCiphertext) {
		try {
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))),
					rsa.generatePrivate(new PKCS8EncodedKeySpec(this.cipher.decrypt(kid, privateKeyCiphertext))));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The stored signing key kid=" + kid + " is not a valid RSA key", ex);
		}
	}

}
