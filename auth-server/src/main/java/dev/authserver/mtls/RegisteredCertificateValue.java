package dev.authserver.mtls;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiPredicate;

import javax.security.auth.x500.X500Principal;

import dev.authserver.clients.TlsClientAuthSettings;
import org.apache.hc.core5.net.InetAddressUtils;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

/**
 * The one value a {@code tls_client_auth} client registered and how a certificate matches
 * it (RFC 8705 §2.1.2): the subject distinguished name compared as names, not as text
 * (RFC 4514; {@link X500Principal} compares canonical forms, so spacing, case and
 * {@code CN} or {@code 2.5.4.3} do not matter), or a subject alternative name of the
 * registered type: a DNS name ignoring case, a URI as {@link URI#equals} compares them
 * (scheme and host ignoring case), an IP address as an address ({@code 2001:db8::1} and
 * {@code 2001:DB8:0:0:0:0:0:1} are one), an email address with its domain ignoring case.
 *
 * @param kind which value
 * @param value as registered
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8705#section-2.1.2">RFC 8705 §2.1.2</a>
 */
record RegisteredCertificateValue(Kind kind, String value) {

	/**
	 * What a client registered, or null when it registered nothing to match (such a
	 * client cannot authenticate with {@code tls_client_auth}).
	 */
	static RegisteredCertificateValue of(RegisteredClient client) {
		String subjectDn = client.getClientSettings().getX509CertificateSubjectDN();
		if (StringUtils.hasText(subjectDn)) {
			return new RegisteredCertificateValue(Kind.SUBJECT_DN, subjectDn);
		}
		for (Kind kind : List.of(Kind.SAN_DNS, Kind.SAN_URI, Kind.SAN_IP, Kind.SAN_EMAIL)) {
			String value = client.getClientSettings().getSetting(kind.setting);
			if (StringUtils.hasText(value)) {
				return new RegisteredCertificateValue(kind, value);
			}
		}
		return null;
	}

	boolean matches(X509Certificate certificate) {
		if (this.kind == Kind.SUBJECT_DN) {
			try {
				return new X500Principal(this.value).equals(certificate.getSubjectX500Principal());
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}
		Collection<List<?>> names;
		try {
			names = certificate.getSubjectAlternativeNames();
		}
		catch (CertificateParsingException ex) {
			return false;
		}
		if (names == null) {
			return false;
		}
		return names.stream()
			.filter((name) -> name.size() == 2 && Objects.equals(name.get(0), this.kind.generalNameType)
					&& name.get(1) instanceof String)
			.anyMatch((name) -> this.kind.equality.test((String) name.get(1), this.value));
	}

	/**
	 * The registered values, the {@code GeneralName} tag (RFC 5280 §4.2.1.6) each is
	 * found under, and their equality.
	 */
	enum Kind {

		SUBJECT_DN(null, -1, String::equals),

		SAN_DNS(TlsClientAuthSettings.SAN_DNS, 2,
				(presented, registered) -> presented.toLowerCase(Locale.ROOT)
					.equals(registered.toLowerCase(Locale.ROOT))),

		SAN_URI(TlsClientAuthSettings.SAN_URI, 6, RegisteredCertificateValue::sameUri),

		SAN_IP(TlsClientAuthSettings.SAN_IP, 7, RegisteredCertificateValue::sameAddress),

		SAN_EMAIL(TlsClientAuthSettings.SAN_EMAIL, 1, RegisteredCertificateValue::sameEmail);

		private final String setting;

		private final Integer generalNameType;

		private final BiPredicate<String, String> equality;

		Kind(String setting, int generalNameType, BiPredicate<String, String> equality) {
			this.setting = setting;
			this.generalNameType = generalNameType;
			this.equality = equality;
		}

	}

	private static boolean sameUri(String presented, String registered) {
		try {
			return new URI(presented).equals(new URI(registered));
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/** Both literals (checked first, so no name is looked up), compared as addresses. */
	private static boolean sameAddress(String presented, String registered) {
		if (!isLiteral(presented) || !isLiteral(registered)) {
			return false;
		}
		try {
			return InetAddress.getByName(presented).equals(InetAddress.getByName(registered));
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static boolean isLiteral(String address) {
		return InetAddressUtils.isIPv4Address(address)
				|| (InetAddressUtils.isIPv6Address(address) && address.indexOf('%') < 0);
	}

	/**
	 * RFC 5280 §4.2.1.6: the local part is compared exactly, the domain ignoring case.
	 */
	private static boolean sameEmail(String presented, String registered) {
		int presentedAt = presented.lastIndexOf('@');
		int registeredAt = registered.lastIndexOf('@');
		return presentedAt > 0 && registeredAt > 0
				&& presented.substring(0, presentedAt).equals(registered.substring(0, registeredAt))
				&& presented.substring(presentedAt + 1).equalsIgnoreCase(registered.substring(registeredAt + 1));
	}

}
