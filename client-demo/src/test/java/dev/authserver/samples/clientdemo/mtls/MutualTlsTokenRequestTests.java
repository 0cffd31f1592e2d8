package dev.authserver.samples.clientdemo.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.authserver.samples.clientdemo.ClientDemoProperties;
import dev.authserver.samples.clientdemo.StandInServer;
import dev.authserver.testsupport.TestCertificates;
import dev.authserver.testsupport.TestCertificates.Identity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * The machine's token request with a client certificate instead of a secret, over real
 * HTTPS to a stand-in auth-server that records the certificate it was shown; and the
 * start-up checks of the settings that switch it on.
 */
class MutualTlsTokenRequestTests {

	private static final String TOKEN = "{\"access_token\":\"issued\",\"token_type\":\"Bearer\",\"expires_in\":300}";

	private final TestCertificates certificates = TestCertificates.newAuthority();

	private final Identity client = this.certificates.client("demo-m2m");

	private final StandInServer authServer = StandInServer
		.https(this.certificates.serverTls(this.certificates.server()))
		.json("/oauth2/token", TOKEN)
		.json("/mtls/oauth2/token", TOKEN);

	private final MutualTls mutualTls = new MutualTls(this.certificates.clientBundle(this.client), Set.of("machine"));

	private final AtomicReference<OAuth2ClientCredentialsGrantRequest> delegated = new AtomicReference<>();

	private final OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> otherwise = (request) -> {
		this.delegated.set(request);
		return OAuth2AccessTokenResponse.withToken("from-the-secret-client")
			.tokenType(OAuth2AccessToken.TokenType.BEARER)
			.build();
	};

	@AfterEach
	void stop() {
		this.authServer.close();
	}

	@Test
	void tokenRequestWhenTlsClientAuthThenPresentsTheCertificateAtTheMtlsAliasWithoutSecretOrProof() {
		OAuth2AccessTokenResponse response = this.mutualTls.clientCredentialsTokenResponseClient(this.otherwise)
			.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration(
					ClientAuthenticationMethod.TLS_CLIENT_AUTH, this.authServer.url("/mtls/oauth2/token"))));

		assertThat(response.getAccessToken().getTokenValue()).isEqualTo("issued");
		assertThat(this.delegated).hasNullValue();
		assertThat(this.authServer.received()).singleElement().satisfies((request) -> {
			assertThat(request.path()).isEqualTo("/mtls/oauth2/token");
			assertThat(request.clientCertificate()).isEqualTo(this.client.certificate());
			assertThat(request.headers().containsKey("Authorization")).isFalse();
			assertThat(request.headers().containsKey("DPoP")).isFalse();
			assertThat(request.body()).contains("grant_type=client_credentials")
				.contains("client_id=demo-m2m")
				.doesNotContain("client_secret");
		});
	}

	@Test
	void tokenRequestWhenDiscoveryNamesNoMtlsAliasThenTheTokenEndpointWithTheCertificate() {
		this.mutualTls.clientCredentialsTokenResponseClient(this.otherwise)
			.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(
					registration(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH, null)));

		assertThat(this.authServer.received()).singleElement().satisfies((request) -> {
			assertThat(request.path()).isEqualTo("/oauth2/token");
			assertThat(request.clientCertificate()).isEqualTo(this.client.certificate());
		});
	}

	@Test
	void tokenRequestWhenClientSecretBasicThenTheUsualClientAndNoCertificate() {
		OAuth2AccessTokenResponse response = this.mutualTls.clientCredentialsTokenResponseClient(this.otherwise)
			.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(
					registration(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null)));

		assertThat(response.getAccessToken().getTokenValue()).isEqualTo("from-the-secret-client");
		assertThat(this.authServer.received()).isEmpty();
	}

	@Test
	void startWhenARegistrationUsesTlsClientAuthWithoutSslBundleThenRefusedNamingTheProperty() {
		OAuth2ClientProperties clients = clients("client_credentials");

		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(
					() -> new MutualTlsConfig().mutualTls(properties(null), clients, new DefaultSslBundleRegistry()))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("client-demo.mtls.ssl-bundle"));
	}

	@Test
	void startWhenASignInRegistrationUsesTlsClientAuthThenRefused() {
		OAuth2ClientProperties clients = clients("authorization_code");
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry("machine",
				this.certificates.clientBundle(this.client));

		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> new MutualTlsConfig().mutualTls(properties("machine"), clients, bundles))
			.satisfies((ex) -> assertThat(ex.getName())
				.isEqualTo("spring.security.oauth2.client.registration.machine.client-authentication-method"));
	}

	@Test
	void startWhenTlsClientAuthAndSslBundleThenUsedByThatRegistrationOnly() {
		DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry("machine",
				this.certificates.clientBundle(this.client));

		MutualTls configured = new MutualTlsConfig().mutualTls(properties("machine"), clients("client_credentials"),
				bundles);

		assertThat(configured.usedBy("machine")).isTrue();
		assertThat(configured.usedBy("demo")).isFalse();
		assertThat(configured.certificateSubject()).isEqualTo("CN=demo-m2m");
	}

	private ClientRegistration registration(ClientAuthenticationMethod method, String mtlsTokenEndpoint) {
		return ClientRegistration.withRegistrationId("machine")
			.clientId("demo-m2m")
			.clientSecret(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method) ? "test-only-secret" : null)
			.clientAuthenticationMethod(method)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(this.authServer.url("/oauth2/token"))
			.providerConfigurationMetadata((mtlsTokenEndpoint != null)
					? Map.of("mtls_endpoint_aliases", Map.of("token_endpoint", mtlsTokenEndpoint)) : Map.of())
			.build();
	}

	private static OAuth2ClientProperties clients(String grantType) {
		OAuth2ClientProperties clients = new OAuth2ClientProperties();
		OAuth2ClientProperties.Registration machine = new OAuth2ClientProperties.Registration();
		machine.setClientId("demo-m2m");
		machine.setClientAuthenticationMethod("tls_client_auth");
		machine.setAuthorizationGrantType(grantType);
		clients.getRegistration().put("machine", machine);
		OAuth2ClientProperties.Registration demo = new OAuth2ClientProperties.Registration();
		demo.setClientId("demo-web");
		demo.setClientAuthenticationMethod("client_secret_basic");
		demo.setAuthorizationGrantType("authorization_code");
		clients.getRegistration().put("demo", demo);
		return clients;
	}

	private static ClientDemoProperties properties(String sslBundle) {
		return new ClientDemoProperties(URI.create("http://localhost:8081"), URI.create("http://localhost:8082"),
				new ClientDemoProperties.Dpop(true), new ClientDemoProperties.Mtls(sslBundle),
				new ClientDemoProperties.Device("demo-device"));
	}

}
