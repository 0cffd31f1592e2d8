package dev.authserver.clients;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * The client settings that hold the subject alternative name a {@code tls_client_auth}
 * client registered (RFC 8705 §2.1.2), each a string; the framework has a setting only
 * for the subject distinguished name
 * ({@link ClientSettings#getX509CertificateSubjectDN()}), which this server uses for
 * {@code tls_client_auth_subject_dn}. A client has at most one of the five.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8705#section-2.1.2">RFC 8705 §2.1.2</a>
 */
public final class TlsClientAuthSettings {

	/** {@code tls_client_auth_san_dns}: a {@code dNSName}. */
	public static final String SAN_DNS = "settings.client.tls-client-auth-san-dns";

	/** {@code tls_client_auth_san_uri}: a {@code uniformResourceIdentifier}. */
	public static final String SAN_URI = "settings.client.tls-client-auth-san-uri";

	/** {@code tls_client_auth_san_ip}: an {@code iPAddress}, as a literal. */
	public static final String SAN_IP = "settings.client.tls-client-auth-san-ip";

	/** {@code tls_client_auth_san_email}: an {@code rfc822Name}. */
	public static final String SAN_EMAIL = "settings.client.tls-client-auth-san-email";

	private TlsClientAuthSettings() {
	}

	/** The client's registered {@code dNSName}, or null. */
	public static String sanDns(RegisteredClient client) {
		return client.getClientSettings().getSetting(SAN_DNS);
	}

	/** The client's registered {@code uniformResourceIdentifier}, or null. */
	public static String sanUri(RegisteredClient client) {
		return client.getClientSettings().getSetting(SAN_URI);
	}

	/** The client's registered {@code iPAddress}, or null. */
	public static String sanIp(RegisteredClient client) {
		return client.getClientSettings().getSetting(SAN_IP);
	}

	/** The client's registered {@code rfc822Name}, or null. */
	public static String sanEmail(RegisteredClient client) {
		return client.getClientSettings().getSetting(SAN_EMAIL);
	}

}
