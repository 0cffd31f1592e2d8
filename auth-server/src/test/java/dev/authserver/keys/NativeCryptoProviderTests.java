package dev.authserver.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class NativeCryptoProviderTests {

	@Test
	void installIfAvailableWhenOnLinuxX86ThenNativeProviderSignsAndTheJdkVerifies() throws Exception {
		assumeTrue(
				System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
						&& System.getProperty("os.arch").matches("amd64|x86_64"),
				"the native provider ships for Linux x86-64");

		String provider = NativeCryptoProvider.installIfAvailable();

		assertThat(provider).isEqualTo("AmazonCorrettoCryptoProvider");
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
		generator.initialize(2048);
		KeyPair keyPair = generator.generateKeyPair();
		byte[] data = "header.payload".getBytes();
		Signature signer = Signature.getInstance("SHA256withRSA");
		signer.initSign(keyPair.getPrivate());
		signer.update(data);
		byte[] signature = signer.sign();
		assertThat(signer.getProvider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
		Signature verifier = Signature.getInstance("SHA256withRSA", "SunRsaSign");
		verifier.initVerify(keyPair.getPublic());
		verifier.update(data);
		assertThat(verifier.verify(signature)).isTrue();
	}

}
