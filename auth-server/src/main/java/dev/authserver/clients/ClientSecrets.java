package dev.authserver.clients;

import java.util.Collection;

import dev.authserver.keys.OpaqueTokens;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The lifecycle of client secrets, for declared, registered and console clients alike: a
 * new secret has 256 random bits and is shown once; it is stored as a hash, except for a
 * {@code client_secret_jwt} client, which signs with it and so has it stored encrypted.
 */
final class ClientSecrets {

	private final ClientSecretEncoder encoder;

	ClientSecrets(ClientSecretEncoder encoder) {
		this.encoder = encoder;
	}

	/** A new secret for a client with these methods, with the value to store. */
	Secret issue(Collection<ClientAuthenticationMethod> methods) {
		String secret = OpaqueTokens.generate("");
		return new Secret(secret, this.encoder.encodeFor(methods, secret));
	}

	/**
	 * What a client whose methods change to {@code methods} stores: its secret as it is
	 * when already in the form the methods need; re-encoded as a hash when no longer
	 * needed in clear; a new secret when it had none, or only a hash where
	 * {@code client_secret_jwt} needs it readable (a hash cannot be turned back into the
	 * secret).
	 * @param stored the client's stored secret, null when it has none
	 * @return the secret to store, with the new one to show when one was issued
	 */
	Secret keepOrIssue(String stored, Collection<ClientAuthenticationMethod> methods) {
		if (stored == null || (readableNeeded(methods) && !this.encoder.isEncrypted(stored))) {
			return issue(methods);
		}
		if (!readableNeeded(methods) && this.encoder.isEncrypted(stored)) {
			// No longer needed in clear: kept as a hash only, like every other client's.
			return new Secret(null, this.encoder.encode(this.encoder.decrypt(stored)));
		}
		return new Secret(null, stored);
	}

	/**
	 * What a client declared with this plain secret stores: the stored value when the
	 * secret still matches it in the form the methods need, so a restart does not rewrite
	 * every row with a fresh salt; a new encoding otherwise.
	 * @param stored the value stored for the client so far, null when it has none or is
	 * new
	 */
	String encodeDeclared(String plain, String stored, Collection<ClientAuthenticationMethod> methods) {
		if (stored != null && this.encoder.isEncrypted(stored) == readableNeeded(methods)
				&& this.encoder.matches(plain, stored)) {
			return stored;
		}
		return this.encoder.encodeFor(methods, plain);
	}

	private static boolean readableNeeded(Collection<ClientAuthenticationMethod> methods) {
		return methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_JWT);
	}

	/**
	 * A secret to store for a client.
	 *
	 * @param issued the new secret, to show this one time; null when the client keeps the
	 * one it had
	 * @param stored its hash, or its ciphertext for {@code client_secret_jwt}
	 */
	record Secret(String issued, String stored) {
	}

}
