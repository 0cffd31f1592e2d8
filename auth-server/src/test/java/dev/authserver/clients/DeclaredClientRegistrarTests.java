package dev.authserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.authserver.StaleFirstLookupClientRepository;
import dev.authserver.protocol.ClientSignInSettings;
import dev.authserver.tokens.ClientResources;
import dev.authserver.tokens.ResourceIndicators;
import dev.authserver.tokens.TokenExchangePolicy;
import dev.authserver.tokens.TokenProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties.Client;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Clients declared in Boot's properties, registered on the real schema as at start-up.
 */
@JdbcTest
class DeclaredClientRegistrarTests {

	/** The default of {@code authserver.scopes.known}. */
	private static final Set<String> KNOWN_SCOPES = Set.of("openid", "profile", "email", "message.read",
			"message.write");

	private static final String SECRET = "a-declared-secret-shared-by-two-clients";

	private static final String CLIENT = "spring.security.oauth2.authorizationserver.client.";

	private static final String DEFAULT_RESOURCE = "https://api.example";

	private static final String OTHER_RESOURCE = "https://reports.example";

	@Autowired
	JdbcOperations jdbcOperations;

	JdbcRegisteredClientRepository clients;

	ClientSecretEncoder encoder = TestClientSecretEncoders.withTestKey();

	OAuth2AuthorizationServerProperties properties = new OAuth2AuthorizationServerProperties();

	MockEnvironment environment = new MockEnvironment();

	DeclaredClientProperties declared = new DeclaredClientProperties(Map.of(), Map.of(), Map.of());

	@BeforeEach
	void repository() {
		this.clients = new JdbcRegisteredClientRepository(this.jdbcOperations);
	}

	@Test
	void registerWhenTwoDeclaredClientsShareASecretThenBothAreSavedAndBothAuthenticateWithIt() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		declare("billing", "billing-service", SECRET);

		registrar().afterSingletonsInstantiated();

		RegisteredClient reporting = this.clients.findByClientId("reporting-service");
		RegisteredClient billing = this.clients.findByClientId("billing-service");
		assertThat(reporting).isNotNull();
		assertThat(billing).isNotNull();
		assertThat(reporting.getClientSecret()).isNotEqualTo(billing.getClientSecret()).doesNotContain(SECRET);
		assertThat(this.encoder.matches(SECRET, reporting.getClientSecret())).isTrue();
		assertThat(this.encoder.matches(SECRET, billing.getClientSecret())).isTrue();
	}

	@Test
	void registerWhenRestartedWithTheSameDeclarationThenTheStoredHashIsKept() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		registrar().afterSingletonsInstantiated();
		String stored = this.clients.findByClientId("reporting-service").getClientSecret();

		registrar().afterSingletonsInstantiated();

		assertThat(this.clients.findByClientId("reporting-service").getClientSecret()).isEqualTo(stored);
	}

	@Test
	void registerWhenADeclaredSecretHasAnUnknownPrefixThenRefusesNamingTheClientAndSavesNothing() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		declare("legacy", "legacy-service", "{pbkdf2}5d923b44a6d129f3ddf3e3c8d29412723dcbde72445e8ef6bf3b508fbf17fa4e");

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("client legacy-service")
			.withMessageContaining(
					"spring.security.oauth2.authorizationserver.client.legacy.registration.client-secret")
			.withMessageNotContaining("5d923b44");
		assertThat(this.clients.findByClientId("reporting-service")).isNull();
	}

	@Test
	void registerWhenAnotherInstanceRegistersTheClientAfterTheLookupThenKeepsTheirs() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		registrar().afterSingletonsInstantiated();
		String theirs = this.clients.findByClientId("reporting-service").getId();
		DeclaredClientRegistrar late = new DeclaredClientRegistrar(this.properties,
				new StaleFirstLookupClientRepository(this.jdbcOperations), this.encoder,
				new ClientMetadataValidator(false, KNOWN_SCOPES), tokenProperties(Map.of()),
				new ResourceIndicators(tokenProperties(Map.of())), this.declared, Duration.ofHours(1),
				this.environment);

		assertThatNoException().isThrownBy(late::afterSingletonsInstantiated);
		assertThat(this.clients.findByClientId("reporting-service").getId()).isEqualTo(theirs);
	}

	@Test
	void registerWhenTwoDeclaredClientsCarryTheSameHashThenRefusesNamingTheClient() {
		String hash = this.encoder.encode(SECRET);
		declare("reporting", "reporting-service", hash);
		declare("billing", "billing-service", hash);

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageStartingWith("Cannot register declared client ")
			.withMessageContaining("-service")
			.withMessageContaining("duplicate client secret");
	}

	@Test
	void registerWhenClientSecretJwtThenSecretIsStoredEncryptedReadableAndKeptOnRestart() {
		declare("signing", "signing-service", "{noop}" + SECRET).getRegistration()
			.getClientAuthenticationMethods()
			.add("client_secret_jwt");
		registrar().afterSingletonsInstantiated();
		RegisteredClient first = this.clients.findByClientId("signing-service");

		registrar().afterSingletonsInstantiated();

		assertThat(first.getClientSecret()).startsWith("{encrypted}").doesNotContain(SECRET);
		assertThat(this.encoder.decrypt(first.getClientSecret())).isEqualTo(SECRET);
		assertThat(this.encoder.matches(SECRET, first.getClientSecret())).as("client_secret_basic still works")
			.isTrue();
		assertThat(first.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm().getName())
			.isEqualTo("HS256");
		assertThat(this.clients.findByClientId("signing-service").getClientSecret()).isEqualTo(first.getClientSecret());
	}

	@Test
	void registerWhenClientSecretJwtIsDeclaredWithAHashThenRefusesNamingTheClient() {
		declare("signing", "signing-service", this.encoder.encode(SECRET)).getRegistration()
			.getClientAuthenticationMethods()
			.add("client_secret_jwt");

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("signing-service")
			.withMessageContaining("client_secret_jwt");
		assertThat(this.clients.findByClientId("signing-service")).isNull();
	}

	@Test
	void registerWhenPrivateKeyJwtHasNoJwkSetUriThenRefusesNamingTheClient() {
		Client client = declare("keys", "key-service", null);
		client.getRegistration().getClientAuthenticationMethods().clear();
		client.getRegistration().getClientAuthenticationMethods().add("private_key_jwt");

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("key-service")
			.withMessageContaining("jwk-set-uri");
	}

	@Test
	void registerWhenAnAssertionClientCouldNeverAuthenticateThenRefusesNamingTheClient() {
		Client both = declare("both", "both-service", "{noop}" + SECRET);
		both.getRegistration().getClientAuthenticationMethods().addAll(Set.of("client_secret_jwt", "private_key_jwt"));
		both.setJwkSetUri("https://keys.example/jwks.json");
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("both-service")
			.withMessageContaining("both private_key_jwt and client_secret_jwt");
		this.properties.getClient().clear();

		Client plainHttp = declare("keys", "key-service", null);
		plainHttp.getRegistration().getClientAuthenticationMethods().clear();
		plainHttp.getRegistration().getClientAuthenticationMethods().add("private_key_jwt");
		plainHttp.setJwkSetUri("http://keys.example/jwks.json");
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("key-service")
			.withMessageContaining("https");
		this.properties.getClient().clear();

		Client unverifiable = declare("signing", "signing-service", "{noop}" + SECRET);
		unverifiable.getRegistration().getClientAuthenticationMethods().add("client_secret_jwt");
		unverifiable.setTokenEndpointAuthenticationSigningAlgorithm("HS512");
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("signing-service")
			.withMessageContaining("HS512");
		assertThat(this.clients.findByClientId("both-service")).isNull();
		assertThat(this.clients.findByClientId("key-service")).isNull();
		assertThat(this.clients.findByClientId("signing-service")).isNull();
	}

	@Test
	void registerWhenAJwkSetUriOnlyStartsWithHttpsThenRefusedByTheRulesOfRegisteredClients() {
		Client client = declare("keys", "key-service", null);
		client.getRegistration().getClientAuthenticationMethods().clear();
		client.getRegistration().getClientAuthenticationMethods().add("private_key_jwt");
		client.setJwkSetUri("https://user:password@keys.example/jwks.json");

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("key-service")
			.withMessageContaining("without user information");
		assertThat(this.clients.findByClientId("key-service")).isNull();
	}

	@Test
	void registerWhenADeclarationBreaksTheRulesOfRegisteredClientsThenRefusesNamingTheClientAndTheProperty() {
		Client loopback = declare("portal", "portal-app", "{noop}" + SECRET);
		loopback.getRegistration().getAuthorizationGrantTypes().add("authorization_code");
		loopback.getRegistration().getRedirectUris().add("http://127.0.0.1:8080/cb");
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("portal-app")
			.withMessageContaining(CLIENT + "portal.registration.redirect-uris")
			.withMessageContaining("only for native apps");
		assertThatNoException().as("development mode")
			.isThrownBy(registrar(Map.of(), true)::afterSingletonsInstantiated);
		assertThat(this.clients.findByClientId("portal-app")).isNotNull();
		this.properties.getClient().clear();

		Client password = declare("legacy", "legacy-app", "{noop}" + SECRET);
		password.getRegistration().getAuthorizationGrantTypes().add("password");
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("legacy-app")
			.withMessageContaining(CLIENT + "legacy.registration.authorization-grant-types")
			.withMessageContaining("grant type password is not supported");
		this.properties.getClient().clear();

		Client withoutRedirect = declare("web", "web-app", "{noop}" + SECRET);
		withoutRedirect.getRegistration().getAuthorizationGrantTypes().add("authorization_code");
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("web-app")
			.withMessageContaining("redirect_uris is required");
		this.properties.getClient().clear();

		Client publicMachine = declare("cli", "cli-app", null);
		publicMachine.getRegistration().getClientAuthenticationMethods().add("none");
		assertThatIllegalStateException().as("declaring none and client_secret_basic meets the rules of both")
			.isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("cli-app")
			.withMessageContaining("cannot use client_credentials");
		this.properties.getClient().clear();

		Client badScope = declare("reporting", "reporting-service", "{noop}" + SECRET);
		badScope.getRegistration().getScopes().add("message\\read");
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("reporting-service")
			.withMessageContaining(CLIENT + "reporting.registration.scopes")
			.withMessageContaining("RFC 6749 §3.3");
		this.properties.getClient().clear();

		Client unknownScope = declare("reporting", "reporting-service", "{noop}" + SECRET);
		unknownScope.getRegistration().getScopes().add("admin");
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("reporting-service")
			.withMessageContaining(CLIENT + "reporting.registration.scopes")
			.withMessageContaining("scope admin is not one of the scopes this server issues");

		assertThat(this.clients.findByClientId("legacy-app")).isNull();
		assertThat(this.clients.findByClientId("web-app")).isNull();
		assertThat(this.clients.findByClientId("cli-app")).isNull();
		assertThat(this.clients.findByClientId("reporting-service")).isNull();
	}

	@Test
	void registerWhenPrivateKeyJwtHasAJwkSetUriThenItIsSavedWithRs256() {
		Client client = declare("keys", "key-service", null);
		client.getRegistration().getClientAuthenticationMethods().clear();
		client.getRegistration().getClientAuthenticationMethods().add("private_key_jwt");
		client.setJwkSetUri("https://keys.example/jwks.json");

		registrar().afterSingletonsInstantiated();

		RegisteredClient saved = this.clients.findByClientId("key-service");
		assertThat(saved.getClientSecret()).isNull();
		assertThat(saved.getClientSettings().getJwkSetUrl()).isEqualTo("https://keys.example/jwks.json");
		assertThat(saved.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm().getName())
			.isEqualTo("RS256");
	}

	@Test
	void registerWhenAPublicDeviceClientIsDeclaredThenItIsSavedWithoutRedirectUriAndWithItsCodeLifetime() {
		Client client = declare("tv", "living-room-tv", null);
		client.getRegistration().getClientAuthenticationMethods().clear();
		client.getRegistration().getClientAuthenticationMethods().add("none");
		client.getRegistration().getAuthorizationGrantTypes().clear();
		client.getRegistration().getAuthorizationGrantTypes().add("urn:ietf:params:oauth:grant-type:device_code");
		client.getToken().setDeviceCodeTimeToLive(Duration.ofMinutes(10));

		registrar().afterSingletonsInstantiated();

		RegisteredClient saved = this.clients.findByClientId("living-room-tv");
		assertThat(saved.getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.DEVICE_CODE);
		assertThat(saved.getRedirectUris()).isEmpty();
		assertThat(saved.getTokenSettings().getDeviceCodeTimeToLive()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void registerWhenReuseOfRefreshTokensIsNotDeclaredThenTheClientIsStoredWithRotation() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);

		registrar().afterSingletonsInstantiated();

		assertThat(this.properties.getClient().get("reporting").getToken().isReuseRefreshTokens()).as("Boot's default")
			.isTrue();
		assertThat(this.clients.findByClientId("reporting-service").getTokenSettings().isReuseRefreshTokens())
			.isFalse();
	}

	@Test
	void registerWhenAClientIsDeclaredToReuseRefreshTokensThenRefusesNamingTheClientAndTheProperty() {
		declare("portal", "portal-app", "{noop}" + SECRET);
		this.environment.setProperty(CLIENT + "portal.token.reuse-refresh-tokens", "true");

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("Client portal-app")
			.withMessageContaining(CLIENT + "portal.token.reuse-refresh-tokens=true")
			.withMessageContaining("RFC 9700");
		assertThat(this.clients.findByClientId("portal-app")).isNull();
	}

	@Test
	void registerWhenAClientIsDeclaredNotToReuseRefreshTokensThenStarts() {
		declare("portal", "portal-app", "{noop}" + SECRET);
		this.environment.setProperty(CLIENT + "portal.token.reuse-refresh-tokens", "false");

		assertThatNoException().isThrownBy(registrar()::afterSingletonsInstantiated);
	}

	@Test
	void registerWhenResourcesAreDeclaredForAClientThenItIsLimitedToThemInOrder() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		declare("billing", "billing-service", "{noop}" + SECRET);

		registrar(Map.of("reporting", List.of(OTHER_RESOURCE, DEFAULT_RESOURCE))).afterSingletonsInstantiated();

		assertThat(ClientResources.of(this.clients.findByClientId("reporting-service"))).containsExactly(OTHER_RESOURCE,
				DEFAULT_RESOURCE);
		assertThat(ClientResources.of(this.clients.findByClientId("billing-service"))).isEmpty();
	}

	@Test
	void registerWhenDeclaredResourcesNameNoDeclaredClientOrAnUnknownResourceThenRefuses() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);

		assertThatIllegalStateException()
			.isThrownBy(registrar(Map.of("reportng", List.of(OTHER_RESOURCE)))::afterSingletonsInstantiated)
			.withMessageContaining("authserver.tokens.client-resources.reportng names no client");
		assertThatIllegalStateException()
			.isThrownBy(registrar(Map.of("reporting", List.of("https://unknown.example")))::afterSingletonsInstantiated)
			.withMessageContaining("authserver.tokens.client-resources.reporting: resource is not a resource server");
		assertThat(this.clients.findByClientId("reporting-service")).isNull();
	}

	@Test
	void registerWhenSignInRulesAreDeclaredForAClientThenTheyAreInItsSettings() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		declare("billing", "billing-service", "{noop}" + SECRET);
		this.declared = new DeclaredClientProperties(Map.of("reporting", signInRules(Duration.ofMinutes(15), true)),
				Map.of(), Map.of());

		registrar().afterSingletonsInstantiated();

		RegisteredClient reporting = this.clients.findByClientId("reporting-service");
		assertThat(ClientSignInSettings.defaultMaxAge(reporting)).hasValue(Duration.ofMinutes(15));
		assertThat(ClientSignInSettings.requiresAuthTime(reporting)).isTrue();
		RegisteredClient billing = this.clients.findByClientId("billing-service");
		assertThat(ClientSignInSettings.defaultMaxAge(billing)).isEmpty();
		assertThat(ClientSignInSettings.requiresAuthTime(billing)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0s", "500ms", "1500ms", "366d" })
	void registerWhenADeclaredDefaultMaxAgeIsNoWholeSecondsUpToAYearThenRefusesNamingTheProperty(String maxAge) {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		this.declared = new DeclaredClientProperties(
				Map.of("reporting", signInRules(DurationStyle.detectAndParse(maxAge), false)), Map.of(), Map.of());

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.oidc.reporting.default-max-age");
		assertThat(this.clients.findByClientId("reporting-service")).isNull();
	}

	@Test
	void registerWhenSignInRulesNameNoDeclaredClientThenRefuses() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		this.declared = new DeclaredClientProperties(Map.of("reportng", signInRules(Duration.ofMinutes(15), false)),
				Map.of(), Map.of());

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.oidc.reportng names no client");
	}

	@Test
	void registerWhenLogoutUrisAreDeclaredForAClientThenItsMetadataHasThemAsARegisteredClientsWould() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		this.declared = new DeclaredClientProperties(
				Map.of("reporting",
						new DeclaredClientProperties.OidcMetadata(null, false, "https://reporting.example/logout", true,
								"https://reporting.example/signed-out", false, false, false, false)),
				Map.of(), Map.of());

		registrar().afterSingletonsInstantiated();

		ClientMetadata metadata = ClientMetadataMapping.metadataOf(this.clients.findByClientId("reporting-service"));
		assertThat(metadata.backchannelLogoutUri()).isEqualTo("https://reporting.example/logout");
		assertThat(metadata.backchannelLogoutSessionRequired()).isTrue();
		assertThat(metadata.frontchannelLogoutUri()).isEqualTo("https://reporting.example/signed-out");
		assertThat(metadata.frontchannelLogoutSessionRequired()).isFalse();
	}

	@Test
	void registerWhenPushedRequestsAreRequiredForADeclaredClientThenItsMetadataSaysSoAndTheFapiProfileNeedsAKey() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		this.declared = new DeclaredClientProperties(Map.of("reporting",
				new DeclaredClientProperties.OidcMetadata(null, false, null, false, null, false, true, false, false)),
				Map.of(), Map.of());

		registrar().afterSingletonsInstantiated();

		ClientMetadata metadata = ClientMetadataMapping.metadataOf(this.clients.findByClientId("reporting-service"));
		assertThat(metadata.requirePushedAuthorizationRequests()).isTrue();
		assertThat(metadata.fapi2SecurityProfile()).isNull();

		this.declared = new DeclaredClientProperties(Map.of("reporting",
				new DeclaredClientProperties.OidcMetadata(null, false, null, false, null, false, false, false, true)),
				Map.of(), Map.of());
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.oidc.reporting.fapi2-security-profile");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://reporting.example/logout", "https://reporting.example/logout#part", "/logout" })
	void registerWhenADeclaredLogoutUriBreaksTheRulesOfRegisteredClientsThenRefusesNamingTheProperty(String uri) {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		this.declared = new DeclaredClientProperties(Map.of("reporting",
				new DeclaredClientProperties.OidcMetadata(null, false, uri, false, null, false, false, false, false)),
				Map.of(), Map.of());

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.oidc.reporting.backchannel-logout-uri");
		assertThat(this.clients.findByClientId("reporting-service")).isNull();
	}

	private static DeclaredClientProperties.OidcMetadata signInRules(Duration defaultMaxAge, boolean requireAuthTime) {
		return new DeclaredClientProperties.OidcMetadata(defaultMaxAge, requireAuthTime, null, false, null, false,
				false, false, false);
	}

	@Test
	void registerWhenATlsClientAuthClientIsDeclaredThenItsCertificateValueAndBindingAreInItsSettings() {
		Client pki = declare("pki", "pki-service", null);
		pki.getRegistration().getClientAuthenticationMethods().clear();
		pki.getRegistration().getClientAuthenticationMethods().add("tls_client_auth");
		Client dns = declare("dns", "dns-service", null);
		dns.getRegistration().getClientAuthenticationMethods().clear();
		dns.getRegistration().getClientAuthenticationMethods().add("tls_client_auth");
		this.declared = new DeclaredClientProperties(Map.of(), Map.of("pki",
				new DeclaredClientProperties.MutualTls("CN=pki-service,O=Example", null, null, null, null, true), "dns",
				new DeclaredClientProperties.MutualTls(null, "pki.example.com", null, null, null, false)), Map.of());

		registrar().afterSingletonsInstantiated();

		RegisteredClient stored = this.clients.findByClientId("pki-service");
		assertThat(stored.getClientSecret()).isNull();
		assertThat(stored.getClientSettings().getX509CertificateSubjectDN()).isEqualTo("CN=pki-service,O=Example");
		assertThat(stored.getTokenSettings().isX509CertificateBoundAccessTokens()).isTrue();
		RegisteredClient storedDns = this.clients.findByClientId("dns-service");
		assertThat(TlsClientAuthSettings.sanDns(storedDns)).isEqualTo("pki.example.com");
		assertThat(storedDns.getTokenSettings().isX509CertificateBoundAccessTokens()).isFalse();
		assertThat(ClientMetadataMapping.metadataOf(stored).tlsClientAuthSubjectDn())
			.isEqualTo("CN=pki-service,O=Example");
	}

	@Test
	void registerWhenATlsClientAuthClientDeclaresNoOrTwoCertificateValuesThenRefusesNamingTheProperty() {
		Client pki = declare("pki", "pki-service", null);
		pki.getRegistration().getClientAuthenticationMethods().clear();
		pki.getRegistration().getClientAuthenticationMethods().add("tls_client_auth");

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("pki-service")
			.withMessageContaining("authserver.clients.mutual-tls.pki.subject-dn")
			.withMessageContaining("exactly one of");

		this.declared = new DeclaredClientProperties(Map.of(),
				Map.of("pki",
						new DeclaredClientProperties.MutualTls("CN=pki", "pki.example.com", null, null, null, false)),
				Map.of());
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.mutual-tls.pki.san-dns");
		assertThat(this.clients.findByClientId("pki-service")).isNull();
	}

	@Test
	void registerWhenACertificateValueIsDeclaredForAnotherMethodOrNoClientThenRefuses() {
		declare("reporting", "reporting-service", "{noop}" + SECRET);
		this.declared = new DeclaredClientProperties(Map.of(), Map.of("reporting",
				new DeclaredClientProperties.MutualTls(null, null, null, "192.0.2.10", null, false)), Map.of());

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.mutual-tls.reporting.san-ip")
			.withMessageContaining("only for token_endpoint_auth_method tls_client_auth");

		this.declared = new DeclaredClientProperties(Map.of(),
				Map.of("reportng", new DeclaredClientProperties.MutualTls(null, null, null, null, null, true)),
				Map.of());
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.mutual-tls.reportng names no client");
	}

	@Test
	void registerWhenASelfSignedClientIsDeclaredWithoutJwkSetUriThenRefusesAndWithOneRegisters() {
		Client selfSigned = declare("device", "device-service", null);
		selfSigned.getRegistration().getClientAuthenticationMethods().clear();
		selfSigned.getRegistration().getClientAuthenticationMethods().add("self_signed_tls_client_auth");

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("self_signed_tls_client_auth needs exactly one of jwks_uri and jwks");

		selfSigned.setJwkSetUri("https://keys.example/device.json");
		registrar().afterSingletonsInstantiated();
		assertThat(this.clients.findByClientId("device-service").getClientSettings().getJwkSetUrl())
			.isEqualTo("https://keys.example/device.json");
	}

	@Test
	void registerWhenATokenExchangePolicyIsDeclaredThenItIsInTheClientsSettingsAndABadOneStopsTheStart() {
		Client api = declare("api", "api-service", "{noop}" + SECRET);
		TokenExchangePolicy policy = new TokenExchangePolicy(List.of(OTHER_RESOURCE), false, Set.of("message.read"),
				Duration.ofMinutes(2));
		this.declared = new DeclaredClientProperties(Map.of(), Map.of(),
				Map.of("api", new DeclaredClientProperties.TokenExchange(List.of(OTHER_RESOURCE), false,
						Set.of("message.read"), Duration.ofMinutes(2))));

		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.token-exchange.api is for a client with the grant");
		api.getRegistration().getAuthorizationGrantTypes().add(ClientMetadataValidator.TOKEN_EXCHANGE);
		registrar().afterSingletonsInstantiated();
		assertThat(TokenExchangePolicy.of(this.clients.findByClientId("api-service"))).isEqualTo(policy);

		this.declared = new DeclaredClientProperties(Map.of(), Map.of(), Map.of("api",
				new DeclaredClientProperties.TokenExchange(List.of("https://unknown.example"), false, Set.of(), null)));
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.token-exchange.api.audiences");
		this.declared = new DeclaredClientProperties(Map.of(), Map.of(), Map.of("api",
				new DeclaredClientProperties.TokenExchange(List.of(OTHER_RESOURCE), false, Set.of("admin"), null)));
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.token-exchange.api.scopes");
		this.declared = new DeclaredClientProperties(Map.of(), Map.of(), Map.of("apy",
				new DeclaredClientProperties.TokenExchange(List.of(OTHER_RESOURCE), false, Set.of(), null)));
		assertThatIllegalStateException().isThrownBy(registrar()::afterSingletonsInstantiated)
			.withMessageContaining("authserver.clients.token-exchange.apy names no client");
	}

	private DeclaredClientRegistrar registrar() {
		return registrar(Map.of());
	}

	private DeclaredClientRegistrar registrar(Map<String, List<String>> clientResources) {
		return registrar(clientResources, false);
	}

	private DeclaredClientRegistrar registrar(Map<String, List<String>> clientResources, boolean developmentMode) {
		TokenProperties tokenProperties = tokenProperties(clientResources);
		return new DeclaredClientRegistrar(this.properties, this.clients, this.encoder,
				new ClientMetadataValidator(developmentMode, KNOWN_SCOPES), tokenProperties,
				new ResourceIndicators(tokenProperties), this.declared, Duration.ofHours(1), this.environment);
	}

	private static TokenProperties tokenProperties(Map<String, List<String>> clientResources) {
		return new TokenProperties(List.of(DEFAULT_RESOURCE), List.of(OTHER_RESOURCE), clientResources,
				Duration.ofDays(1), List.of());
	}

	private Client declare(String name, String clientId, String secret) {
		Client client = new Client();
		client.getRegistration().setClientId(clientId);
		client.getRegistration().setClientSecret(secret);
		client.getRegistration().getClientAuthenticationMethods().add("client_secret_basic");
		client.getRegistration().getAuthorizationGrantTypes().add("client_credentials");
		client.getRegistration().getScopes().add("message.read");
		this.properties.getClient().put(name, client);
		return client;
	}

}
