package dev.authserver.keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The JWKS document as it is served: its bytes and a strong {@code ETag} derived from
 * them.
 */
record PublishedJwks(byte[] body, String etag) {

	static PublishedJwks of(String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		byte[] digest = OpaqueTokens.sha256(body);
		return new PublishedJwks(body,
				"\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"");
	}

}
