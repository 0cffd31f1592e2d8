package dev.authserver.samples.clientdemo.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Set;

import dev.authserver.samples.clientdemo.ClientDemoProperties;
import dev.authserver.samples.clientdemo.StandInServer;
import dev.authserver.samples.clientdemo.dpop.DPoPProofSigner;
import dev.authserver.samples.clientdemo.mtls.MutualTls;
import dev.authserver.testsupport.TestCertificates;
import dev.authserver.testsupport.TestCertificates.Identity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.client.RestClient;

/**
 * The API client as {@link ApiConfig} wires it, over real HTTPS to a stand-in API: the
 * machine's calls present the client certificate its token is bound to, the user's never
 * do.
 */
class MachineApiCallTests {

	private final TestCertificates certificates = TestCertificates.newAuthority();

	private final Identity client = this.certificates.client("demo-m2m");

	private final StandInServer api = StandInServer.https(this.certificates.serverTls(this.certificates.server()))
		.json("/api/me", "{\"sub\":\"demo-m2m\"}");

	@BeforeEach
	void anonymousVisitor() {
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("anonymous", "n/a"));
	}

	@AfterEach
	void stop() {
		SecurityContextHolder.clearContext();
		this.api.close();
	}

	@Test
	void meWhenMachineUsesMutualTlsThenItsCallPresentsTheCertificateAndTheUsersDoesNot() {
		MessagesApi messages = messagesApi(mutualTls(Set.of(MessagesApi.MACHINE)));

		assertThat(messages.me(MessagesApi.MACHINE)).containsEntry("sub", "demo-m2m");
		messages.me(MessagesApi.USER);

		assertThat(this.api.received()).hasSize(2);
		assertThat(this.api.received().get(0).clientCertificate()).isEqualTo(this.client.certificate());
		assertThat(this.api.received().get(0).headers().getFirst("Authorization")).isEqualTo("Bearer the-token");
		assertThat(this.api.received().get(1).clientCertificate()).isNull();
	}

	@Test
	void meWhenNoRegistrationUsesMutualTlsThenNoCallPresentsACertificate() {
		MessagesApi messages = messagesApi(mutualTls(Set.of()));

		messages.me(MessagesApi.MACHINE);

		assertThat(this.api.received()).singleElement()
			.satisfies((request) -> assertThat(request.clientCertificate()).isNull());
	}

	private MutualTls mutualTls(Set<String> registrationIds) {
		return new MutualTls(this.certificates.clientBundle(this.client), registrationIds);
	}

	/**
	 * The user's calls go through the builder's own transport, which here trusts the test
	 * CA and has no certificate.
	 */
	private MessagesApi messagesApi(MutualTls mutualTls) {
		RestClient.Builder builder = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory(
					HttpClient.newBuilder().sslContext(this.certificates.trustingOnly()).build()));
		ClientDemoProperties properties = new ClientDemoProperties(URI.create(this.api.url("")),
				URI.create("http://localhost:8082"), new ClientDemoProperties.Dpop(true),
				new ClientDemoProperties.Mtls("machine"), new ClientDemoProperties.Device("demo-device"));
		return new ApiConfig().messagesApi(
				builder, properties, (
						request) -> new OAuth2AuthorizedClient(registration(request.getClientRegistrationId()),
								"anonymous", new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "the-token",
										Instant.now(), Instant.now().plusSeconds(300))),
				DPoPProofSigner.withNewKey(), mutualTls);
	}

	private static ClientRegistration registration(String registrationId) {
		return ClientRegistration.withRegistrationId(registrationId)
			.clientId("demo-m2m")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri("https://localhost:9443/oauth2/token")
			.build();
	}

}
