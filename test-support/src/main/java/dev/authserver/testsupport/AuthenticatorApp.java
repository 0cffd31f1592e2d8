package dev.authserver.testsupport;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an authenticator app does with the secret an enrolment page shows: the RFC 6238
 * code of a moment (HMAC-SHA-1, six digits, 30-second steps), written here apart from the
 * server's own, so the tests check the server against the RFC, not against itself.
 */
public final class AuthenticatorApp {

	private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private final byte[] secret;

	private AuthenticatorApp(byte[] secret) {
		this.secret = secret;
	}

	/** The app after the user typed in the base32 key shown as text. */
	public static AuthenticatorApp withKey(String base32) {
		return new AuthenticatorApp(decode(base32));
	}

	/** The code the app shows at this moment. */
	public String codeAt(Instant instant) {
		return codeOfStep(Math.floorDiv(instant.getEpochSecond(), 30));
	}

	/** The code of an RFC 6238 time step. */
	public String codeOfStep(long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[19] & 0xf;
			int value = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
			return String.format(Locale.ROOT, "%06d", value % 1_000_000);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] decode(String base32) {
		String text = base32.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
		ByteBuffer bytes = ByteBuffer.allocate(text.length() * 5 / 8);
		int buffer = 0;
		int bits = 0;
		for (char c : text.toCharArray()) {
			int value = BASE32.indexOf(c);
			if (value < 0) {
				throw new IllegalArgumentException("Not base32: " + c);
			}
			buffer = (buffer << 5) | value;
			bits += 5;
			if (bits >= 8) {
				bytes.put((byte) (buffer >> (bits - 8)));
				bits -= 8;
			}
		}
		return bytes.array();
	}

}
