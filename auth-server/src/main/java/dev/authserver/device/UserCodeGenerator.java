package dev.authserver.device;

import java.security.SecureRandom;
import java.time.Instant;

import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * User codes of 8 letters from 20 consonants (no vowels, so no words; no 0/O, 1/I
 * confusion), shown as {@code XXXX-XXXX}: 34.5 bits, enough against guessing with the
 * verification page's throttle (RFC 8628 §5.1, §6.1).
 * <p>
 * The framework's own generator picks a letter by {@code byte % 20}, which favours the
 * first letters; each letter here is drawn uniformly. The form with the dash is the one
 * the framework's verification endpoint turns any entry into (upper case, anything but
 * letters and digits removed, a dash after the fourth), so it is the form stored and
 * looked up.
 */
class UserCodeGenerator implements OAuth2TokenGenerator<OAuth2UserCode> {

	static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

	static final int LENGTH = 8;

	private final SecureRandom random = new SecureRandom();

	@Override
	public OAuth2UserCode generate(OAuth2TokenContext context) {
		if (context.getTokenType() == null
				|| !OAuth2ParameterNames.USER_CODE.equals(context.getTokenType().getValue())) {
			return null;
		}
		Instant issuedAt = Instant.now();
		Instant expiresAt = issuedAt.plus(context.getRegisteredClient().getTokenSettings().getDeviceCodeTimeToLive());
		return new OAuth2UserCode(next(), issuedAt, expiresAt);
	}

	String next() {
		StringBuilder code = new StringBuilder(LENGTH + 1);
		for (int i = 0; i < LENGTH; i++) {
			if (i == LENGTH / 2) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

}
