package dev.authserver.mtls;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * The endpoints a client uses with mutual TLS, as {@code mtls_endpoint_aliases} (RFC 8705
 * §5) advertises them: those where clients authenticate (token, introspection,
 * revocation, device authorization, pushed requests) and UserInfo, whose bound access
 * tokens must come with their certificate. The authorization endpoint, sign-in and
 * consent stay on the main port: a browser is never asked for a certificate.
 */
public final class MtlsEndpoints {

	private final MtlsProperties properties;

	private final String issuer;

	private final IntSupplier listenerPort;

	private final Map<String, String> paths;

	MtlsEndpoints(MtlsProperties properties, AuthorizationServerSettings settings, IntSupplier listenerPort) {
		this.properties = properties;
		this.issuer = settings.getIssuer();
		this.listenerPort = listenerPort;
		Map<String, String> paths = new LinkedHashMap<>();
		paths.put("token_endpoint", settings.getTokenEndpoint());
		paths.put("revocation_endpoint", settings.getTokenRevocationEndpoint());
		paths.put("introspection_endpoint", settings.getTokenIntrospectionEndpoint());
		paths.put("device_authorization_endpoint", settings.getDeviceAuthorizationEndpoint());
		paths.put("pushed_authorization_request_endpoint", settings.getPushedAuthorizationRequestEndpoint());
		paths.put("userinfo_endpoint", settings.getOidcUserInfoEndpoint());
		this.paths = paths;
	}

	/** The paths the mTLS listener serves. */
	Set<String> paths() {
		return Set.copyOf(this.paths.values());
	}

	/**
	 * The members of {@code mtls_endpoint_aliases}: each endpoint's metadata name and its
	 * URL on the mTLS base URL; empty when mutual TLS is off.
	 */
	public Map<String, String> aliases() {
		String base = baseUrl();
		if (base == null) {
			return Map.of();
		}
		Map<String, String> aliases = new LinkedHashMap<>();
		this.paths.forEach((name, path) -> aliases.put(name, base + path));
		return aliases;
	}

	/**
	 * {@code authserver.mtls.base-url}, or the listener's port on the issuer's host; once
	 * the listener is started, since its port may be chosen then.
	 */
	private String baseUrl() {
		if (this.properties.baseUrl() != null) {
			String base = this.properties.baseUrl().toString();
			return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		}
		int port = this.listenerPort.getAsInt();
		if (port <= 0) {
			return null;
		}
		return "https://" + URI.create(this.issuer).getHost() + ":" + port;
	}

}
