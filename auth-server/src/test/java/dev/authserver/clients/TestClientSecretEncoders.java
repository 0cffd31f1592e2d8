package dev.authserver.clients;

import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import dev.authserver.keys.KeyEncryptionCipher;

/**
 * Client secret encoders for tests that build one without a server: a fixed, obviously
 * fake key-encryption key.
 */
public final class TestClientSecretEncoders {

	private TestClientSecretEncoders() {
	}

	public static ClientSecretEncoder withTestKey() {
		return new ClientSecretEncoder(new KeyEncryptionCipher(new SecretKeySpec(new byte[32], "AES"), List.of()));
	}

}
