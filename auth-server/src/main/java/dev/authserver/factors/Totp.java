package dev.authserver.factors;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords as authenticator apps compute them: HMAC-SHA-1, six
 * digits, 30-second steps (RFC 6238's defaults, the only ones every app supports), with
 * the secret shown in base32 (RFC 4648) as the {@code otpauth} URI format has it. A code
 * of the step before or after the current one is accepted too, for clocks a little off
 * and codes typed slowly (RFC 6238 §5.2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6238">RFC 6238</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4226#section-5.3">RFC 4226 §5.3</a>
 */
final class Totp {

	/** 160 bits, the HMAC-SHA-1 output length RFC 4226 §4 recommends. */
	static final int SECRET_BYTES = 20;

	static final int DIGITS = 6;

	static final long STEP_SECONDS = 30;

	private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private Totp() {
	}

	/** The time step an instant falls in (RFC 6238 §4.2: T = floor(unix time / 30)). */
	static long step(Instant instant) {
		return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
	}

	/** The code of one time step. */
	static String code(byte[] secret, long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
			// Dynamic truncation (RFC 4226 §5.3).
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return String.format("%06d", binary % 1_000_000);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java platform has HmacSHA1", ex);
		}
	}

	/**
	 * The step, among the current one and its neighbours, whose code this is; empty when
	 * none. The comparison takes the same time whichever step matches.
	 */
	static OptionalLong matchingStep(byte[] secret, String code, Instant now) {
		if (code == null || !code.matches("[0-9]{" + DIGITS + "}")) {
			return OptionalLong.empty();
		}
		long current = step(now);
		long matched = -1;
		for (long step = current - 1; step <= current + 1; step++) {
			if (MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII),
					code.getBytes(StandardCharsets.US_ASCII))) {
				matched = step;
			}
		}
		return (matched < 0) ? OptionalLong.empty() : OptionalLong.of(matched);
	}

	/** Base32 without padding, as authenticator apps read secrets. */
	static String base32(byte[] bytes) {
		StringBuilder text = new StringBuilder();
		int buffer = 0;
		int bits = 0;
		for (byte b : bytes) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				text.append(BASE32.charAt((buffer >> (bits - 5)) & 0x1f));
				bits -= 5;
			}
		}
		if (bits > 0) {
			text.append(BASE32.charAt((buffer << (5 - bits)) & 0x1f));
		}
		return text.toString();
	}

	/**
	 * The {@code otpauth} URI an authenticator app reads from the QR code: the issuer and
	 * the account label, and the secret. The parameters say the defaults, for apps that
	 * want them said.
	 * @see <a href=
	 * "https://github.com/google/google-authenticator/wiki/Key-Uri-Format">Key Uri
	 * Format</a>
	 */
	static String uri(String issuer, String username, byte[] secret) {
		String label = encode(issuer) + ":" + encode(username);
		return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
				+ "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
