package dev.authserver.mtls;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.web.authentication.X509ClientCertificateAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the client certificate (the request attribute
 * {@code jakarta.servlet.request.X509Certificate}) as the framework's converter does, but
 * takes the method from the client's registration. The framework guesses it from the
 * chain's length, one certificate meaning {@code self_signed_tls_client_auth}: a
 * {@code tls_client_auth} client whose certificate a trusted CA signed directly, or whose
 * certificate comes from a TLS-terminating proxy (which passes the client's certificate
 * alone), would be refused for using a method it did not register.
 * <p>
 * No upstream issue found as of 2026-12;
 * {@code X509ClientCertificateAuthenticationConverter} picks the method by
 * {@code clientCertificateChain.length == 1}.
 * <p>
 * A registered client with neither certificate method is left to the other converters: a
 * public client may present a certificate too, to have its tokens bound to it (RFC 8705
 * §4), and authenticates with its {@code client_id} alone.
 */
public class ClientCertificateAuthenticationConverter implements AuthenticationConverter {

	private final AuthenticationConverter certificates = new X509ClientCertificateAuthenticationConverter();

	private final RegisteredClientRepository registeredClients;

	/**
	 * @param registeredClients the cached repository: every request looks up a client
	 */
	public ClientCertificateAuthenticationConverter(RegisteredClientRepository registeredClients) {
		this.registeredClients = registeredClients;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication converted = this.certificates.convert(request);
		if (!(converted instanceof OAuth2ClientAuthenticationToken token)) {
			return converted;
		}
		ClientAuthenticationMethod other = ClientAuthenticationMethod.TLS_CLIENT_AUTH
			.equals(token.getClientAuthenticationMethod()) ? ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH
					: ClientAuthenticationMethod.TLS_CLIENT_AUTH;
		RegisteredClient client = this.registeredClients.findByClientId((String) token.getPrincipal());
		if (client == null) {
			return token;
		}
		Set<ClientAuthenticationMethod> methods = client.getClientAuthenticationMethods();
		if (!methods.contains(token.getClientAuthenticationMethod()) && !methods.contains(other)) {
			return null;
		}
		if (!methods.contains(token.getClientAuthenticationMethod())) {
			return new OAuth2ClientAuthenticationToken((String) token.getPrincipal(), other, token.getCredentials(),
					token.getAdditionalParameters());
		}
		return token;
	}

}
