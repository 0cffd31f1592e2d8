package dev.authserver.keys;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the Amazon Corretto Crypto Provider first among the JCA providers when its native
 * library loads and its self-tests pass, so that every token signature (the server's
 * hottest work) uses native RSA.
 * <p>
 * Where it cannot load (another OS or CPU, a missing library), the JDK's own provider
 * signs, more slowly, and a notice says so. Either way the tokens are the same.
 */
final class NativeCryptoProvider {

	private static final Logger log = LoggerFactory.getLogger(NativeCryptoProvider.class);

	private NativeCryptoProvider() {
	}

	/**
	 * @return the provider that now signs with SHA256withRSA
	 */
	static synchronized String installIfAvailable() {
		AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
		if (accp.getLoadingError() != null) {
			log.info("Native crypto provider not available here ({}); signing with the JDK provider",
					accp.getLoadingError().getMessage());
			return signingProvider();
		}
		try {
			accp.assertHealthy();
			if (Security.getProviders()[0] != accp) {
				AmazonCorrettoCryptoProvider.install();
				log.info("Signing with the native crypto provider {} {}", accp.getName(), accp.getVersionStr());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Native crypto provider failed its self-test; signing with the JDK provider", ex);
		}
		return signingProvider();
	}

	private static String signingProvider() {
		try {
			Provider provider = Signature.getInstance("SHA256withRSA").getProvider();
			return provider.getName();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No provider signs SHA256withRSA", ex);
		}
	}

}
