package dev.authserver.passkeys;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.util.StringUtils;

/**
 * The WebAuthn relying party this server is, resolved at start-up from
 * {@link PasskeyProperties} and the issuer, and refused with a message that names the
 * setting when browsers would refuse it: a relying party id must be the page's host or a
 * registrable suffix of it (WebAuthn Level 3 §5.1.3 step 8, §5.1.4.1 step 7), so a
 * misconfigured one would fail every registration and sign-in at run time instead.
 * <p>
 * The public suffix list is not consulted: a suffix with at least one dot that the
 * issuer's host ends with is taken as registrable. An id such as {@code co.uk} passes
 * here and browsers refuse it.
 *
 * @see <a href="https://www.w3.org/TR/webauthn-3/#rp-id">WebAuthn Level 3: RP ID</a>
 */
record RelyingParty(String id, String name, Set<String> origins) {

	static RelyingParty of(PasskeyProperties properties, String issuer) {
		if (!StringUtils.hasText(issuer)) {
			throw new IllegalStateException("Passkeys need the issuer (spring.security.oauth2.authorizationserver."
					+ "issuer): the relying party id and origins default to its host and origin");
		}
		URI issuerUri = uri(issuer, "spring.security.oauth2.authorizationserver.issuer");
		String host = issuerUri.getHost().toLowerCase(Locale.ROOT);
		String id = StringUtils.hasText(properties.rpId()) ? properties.rpId().strip().toLowerCase(Locale.ROOT) : host;
		if (!isRegistrableSuffix(id, host)) {
			throw new IllegalStateException("authserver.passkeys.rp-id '" + id + "' is not the issuer's host '" + host
					+ "' nor a registrable suffix of it: browsers would "
					+ "refuse every passkey. Leave it unset to use the issuer's host.");
		}
		Set<String> origins = properties.allowedOrigins().isEmpty() ? Set.of(origin(issuerUri))
				: properties.allowedOrigins()
					.stream()
					.map((origin) -> allowedOrigin(origin, id))
					.collect(Collectors.toUnmodifiableSet());
		return new RelyingParty(id, properties.rpName(), origins);
	}

	private static String allowedOrigin(String origin, String id) {
		URI uri = uri(origin, "authserver.passkeys.allowed-origins");
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		if (!isRegistrableSuffix(id, host)) {
			throw new IllegalStateException("authserver.passkeys.allowed-origins: '" + origin
					+ "' is not on the relying party id '" + id + "' or one of its subdomains");
		}
		return origin(uri);
	}

	private static boolean isRegistrableSuffix(String id, String host) {
		if (id.equals(host)) {
			return true;
		}
		// An IP address has no suffixes, and a top-level domain is never registrable.
		boolean ipAddress = host.startsWith("[") || host.chars().allMatch((c) -> c == '.' || Character.isDigit(c));
		return !ipAddress && id.contains(".") && !id.startsWith(".") && host.endsWith("." + id);
	}

	private static URI uri(String value, String setting) {
		try {
			URI uri = new URI(value.strip());
			if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
				throw new IllegalStateException(setting + ": '" + value + "' is not an http(s) URL with a host");
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(setting + ": '" + value + "' is not a URL", ex);
		}
	}

	/** The origin as browsers write it in client data: no default port, no path. */
	private static String origin(URI uri) {
		return uri.getScheme() + "://" + uri.getHost().toLowerCase(Locale.ROOT)
				+ ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
	}

}
