package dev.authserver.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.authserver.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Which access tokens {@link CertificateBinding} binds, to which certificate, and what it
 * refuses; the HTTP side is in CertificateBoundTokenTests.
 */
@SuppressWarnings("unchecked")
class CertificateBindingTests {

	private final X509Certificate requestCertificate = TestPki.selfSigned("CN=request").issue().certificate();

	private final X509Certificate authenticatedCertificate = TestPki.selfSigned("CN=authenticated")
		.issue()
		.certificate();

	@AfterEach
	void noRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void bindWhenBindAllTokensAndClientDoesNotBindThenBoundToTheRequestsCertificate() {
		onRequestWith(this.requestCertificate);
		Map<String, Object> claims = new HashMap<>();

		new CertificateBinding(true).bind(context(client(false), null, OAuth2TokenType.ACCESS_TOKEN), claims);

		assertThat((Map<String, Object>) claims.get("cnf"))
			.containsExactly(Map.entry("x5t#S256", TestPki.thumbprint(this.requestCertificate)));
	}

	@Test
	void bindWhenNeitherClientNorServerBindsThenUnbound() {
		onRequestWith(this.requestCertificate);
		Map<String, Object> claims = new HashMap<>();

		new CertificateBinding(false).bind(context(client(false), null, OAuth2TokenType.ACCESS_TOKEN), claims);

		assertThat(claims).isEmpty();
	}

	@Test
	void bindWhenClientAuthenticatedWithACertificateThenBoundToThatOne() {
		onRequestWith(this.requestCertificate);
		Map<String, Object> claims = new HashMap<>();

		new CertificateBinding(false)
			.bind(context(client(true), this.authenticatedCertificate, OAuth2TokenType.ACCESS_TOKEN), claims);

		assertThat((Map<String, Object>) claims.get("cnf"))
			.containsExactly(Map.entry("x5t#S256", TestPki.thumbprint(this.authenticatedCertificate)));
	}

	@Test
	void bindWhenTokenHasADpopConfirmationThenKeepsIt() {
		onRequestWith(this.requestCertificate);
		Map<String, Object> claims = new HashMap<>(Map.of("cnf", Map.of("jkt", "thumbprint-of-a-dpop-key")));

		new CertificateBinding(false).bind(context(client(true), null, OAuth2TokenType.ACCESS_TOKEN), claims);

		assertThat((Map<String, Object>) claims.get("cnf")).containsOnly(Map.entry("jkt", "thumbprint-of-a-dpop-key"),
				Map.entry("x5t#S256", TestPki.thumbprint(this.requestCertificate)));
	}

	@Test
	void bindWhenClientBindsTokensAndNoCertificateCameThenInvalidRequest() {
		onRequestWith(null);

		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> new CertificateBinding(false)
				.bind(context(client(true), null, OAuth2TokenType.ACCESS_TOKEN), new HashMap<>()))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_request"));
	}

	@Test
	void bindWhenTokenIsNoAccessTokenThenLeftAlone() {
		onRequestWith(null);
		Map<String, Object> claims = new HashMap<>();

		new CertificateBinding(true).bind(context(client(true), null, OAuth2TokenType.REFRESH_TOKEN), claims);

		assertThat(claims).isEmpty();
	}

	private void onRequestWith(X509Certificate certificate) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		if (certificate != null) {
			request.setAttribute("jakarta.servlet.request.X509Certificate", new X509Certificate[] { certificate });
		}
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
	}

	private static RegisteredClient client(boolean bindsTokens) {
		return RegisteredClient.withId("id")
			.clientId("client")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenSettings(TokenSettings.builder().x509CertificateBoundAccessTokens(bindsTokens).build())
			.build();
	}

	private static OAuth2TokenContext context(RegisteredClient client, X509Certificate authenticatedWith,
			OAuth2TokenType type) {
		OAuth2ClientAuthenticationToken principal = (authenticatedWith != null)
				? new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH,
						new X509Certificate[] { authenticatedWith })
				: new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, "secret");
		return DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(principal)
			.tokenType(type)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizationGrant(new OAuth2ClientCredentialsAuthenticationToken(principal, Set.of(), Map.of()))
			.build();
	}

}
