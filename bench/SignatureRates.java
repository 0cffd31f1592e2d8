import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RS256 (SHA256withRSA, 2048-bit key) signing and verification rates of a JCA provider, after a warm-up:
 * {@code java [-cp accp.jar] SignatureRates.java <jdk|accp> <threads> <seconds>}. Prints "sign/s verify/s".
 */
public class SignatureRates {

	public static void main(String[] args) throws Exception {
		if (args[0].equals("accp")) {
			Class<?> accp = Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider");
			accp.getMethod("install").invoke(null);
		}
		int threads = Integer.parseInt(args[1]);
		long nanos = Long.parseLong(args[2]) * 1_000_000_000L;
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keyPair = generator.generateKeyPair();
		byte[] data = new byte[400];
		Signature signer = Signature.getInstance("SHA256withRSA");
		signer.initSign(keyPair.getPrivate());
		signer.update(data);
		byte[] signature = signer.sign();
		run(1, nanos / 4, keyPair, data, signature, true);
		run(1, nanos / 4, keyPair, data, signature, false);
		double signs = run(threads, nanos, keyPair, data, signature, true);
		double verifies = run(threads, nanos, keyPair, data, signature, false);
		System.out.printf("%s %.0f %.0f%n", signer.getProvider().getName(), signs, verifies);
	}

	private static double run(int threads, long nanos, KeyPair keyPair, byte[] data, byte[] signature, boolean sign)
			throws Exception {
		AtomicLong count = new AtomicLong();
		List<Thread> workers = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < threads; i++) {
			Thread worker = new Thread(() -> {
				try {
					Signature s = Signature.getInstance("SHA256withRSA");
					while (System.nanoTime() - start < nanos) {
						if (sign) {
							s.initSign(keyPair.getPrivate());
							s.update(data);
							s.sign();
						}
						else {
							s.initVerify(keyPair.getPublic());
							s.update(data);
							if (!s.verify(signature)) {
								throw new IllegalStateException("signature did not verify");
							}
						}
						count.incrementAndGet();
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			workers.add(worker);
			worker.start();
		}
		for (Thread worker : workers) {
			worker.join();
		}
		return count.get() / ((System.nanoTime() - start) / 1e9);
	}

}
