package dev.authserver.mtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * The URLs {@code mtls_endpoint_aliases} advertises: on the listener's port of the
 * issuer's host, or on {@code authserver.mtls.base-url} (a proxy's), and none while
 * mutual TLS is off.
 */
class MtlsEndpointsTests {

	private static final AuthorizationServerSettings SETTINGS = AuthorizationServerSettings.builder()
		.issuer("https://auth.example")
		.build();

	@Test
	void aliasesWhenListenerIsStartedThenOnItsPortOfTheIssuersHost() {
		MtlsEndpoints endpoints = new MtlsEndpoints(properties(0, null), SETTINGS, () -> 9443);

		assertThat(endpoints.aliases()).containsEntry("token_endpoint", "https://auth.example:9443/oauth2/token")
			.containsEntry("revocation_endpoint", "https://auth.example:9443/oauth2/revoke")
			.containsEntry("introspection_endpoint", "https://auth.example:9443/oauth2/introspect")
			.containsEntry("device_authorization_endpoint", "https://auth.example:9443/oauth2/device_authorization")
			.containsEntry("pushed_authorization_request_endpoint", "https://auth.example:9443/oauth2/par")
			.containsEntry("userinfo_endpoint", "https://auth.example:9443/userinfo")
			.hasSize(6);
	}

	@Test
	void aliasesWhenBaseUrlIsSetThenOnIt() {
		MtlsEndpoints endpoints = new MtlsEndpoints(properties(null, URI.create("https://mtls.auth.example/")),
				SETTINGS, () -> -1);

		assertThat(endpoints.aliases()).containsEntry("token_endpoint", "https://mtls.auth.example/oauth2/token")
			.hasSize(6);
	}

	@Test
	void aliasesWhenMutualTlsIsOffThenNone() {
		MtlsEndpoints endpoints = new MtlsEndpoints(properties(null, null), SETTINGS, () -> -1);

		assertThat(endpoints.aliases()).isEmpty();
	}

	@Test
	void baseUrlWhenNotHttpsThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(null, URI.create("http://mtls.example")))
			.withMessageContaining("authserver.mtls.base-url");
	}

	private static MtlsProperties properties(Integer port, URI baseUrl) {
		return new MtlsProperties(port, null, baseUrl, "X-SSL-Client-Cert", false, null);
	}

}
