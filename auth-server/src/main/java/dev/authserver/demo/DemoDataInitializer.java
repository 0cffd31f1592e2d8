package dev.authserver.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.authserver.clients.ClientMetadataMapping;
import dev.authserver.clients.ClientMetadataValidator;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.clients.InvalidClientMetadataException;
import dev.authserver.tokens.TokenExchangePolicy;
import dev.authserver.users.JdbcUserAccountRepository;
import dev.authserver.users.UserAccount;
import dev.authserver.keys.OpaqueTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * Creates the demo user and clients that are missing, and writes what it created, with
 * the generated credentials, to a file only its owner can read: never to standard output,
 * which is the log file when the server runs in the background, under a service manager
 * or in a container. It runs before the web server starts, so the first request finds
 * them.
 */
@Component
@ConditionalOnBooleanProperty(name = "authserver.demo.enabled", matchIfMissing = true)
class DemoDataInitializer implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(DemoDataInitializer.class);

	static final String DEMO_USER = "demo";

	static final String ADMIN_USER = "admin";

	static final String WEB_CLIENT_ID = "demo-web";

	static final String PUBLIC_CLIENT_ID = "demo-public";

	static final String MACHINE_CLIENT_ID = "demo-m2m";

	static final String DEVICE_CLIENT_ID = "demo-device";

	static final String API_CLIENT_ID = "demo-api";

	private final DemoProperties properties;

	private final JdbcUserAccountRepository accounts;

	private final JdbcRegisteredClientRepository registeredClients;

	private final PasswordEncoder passwordEncoder;

	private final ClientSecretEncoder clientSecretEncoder;

	private final ClientMetadataValidator clientMetadataValidator;

	private final boolean developmentMode;

	/**
	 * @param clientMetadataValidator the rules the demo clients must pass; it also knows
	 * whether development mode is on, in which the server may post back-channel logout
	 * tokens to the client demo on this machine
	 */
	DemoDataInitializer(DemoProperties properties, JdbcUserAccountRepository accounts,
			JdbcRegisteredClientRepository registeredClients, PasswordEncoder passwordEncoder,
			ClientSecretEncoder clientSecretEncoder, ClientMetadataValidator clientMetadataValidator) {
		this.developmentMode = clientMetadataValidator.allowsHttpLocalhost();
		this.properties = properties;
		this.accounts = accounts;
		this.registeredClients = registeredClients;
		this.passwordEncoder = passwordEncoder;
		this.clientSecretEncoder = clientSecretEncoder;
		this.clientMetadataValidator = clientMetadataValidator;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List.of(webClient(null), publicClient(), machineClient(null), deviceClient(), apiClient(null))
			.forEach(this::checkMetadata);
		List<String> created = new ArrayList<>();
		if (!this.accounts.exists(DEMO_USER)) {
			Credential password = Credential.of(this.properties.userPassword());
			createOnce(created, "  user   " + DEMO_USER + "  password: " + password.shown(),
					() -> this.accounts.create(new UserAccount(DEMO_USER, this.passwordEncoder.encode(password.value()),
							"Demo User", "demo@example.com", true, true, Set.of("USER"))));
		}
		if (!this.accounts.exists(ADMIN_USER)) {
			Credential password = Credential.of(this.properties.adminPassword());
			createOnce(created,
					"  user   " + ADMIN_USER + "  password: " + password.shown() + "  (role ADMIN: /admin/keys)",
					() -> this.accounts
						.create(new UserAccount(ADMIN_USER, this.passwordEncoder.encode(password.value()),
								"Administrator", "admin@example.com", true, true, Set.of("ADMIN", "USER"))));
		}
		if (this.registeredClients.findByClientId(WEB_CLIENT_ID) == null) {
			Credential secret = Credential.of(this.properties.webClientSecret());
			saveOnce(created,
					"  client " + WEB_CLIENT_ID + "  secret: " + secret.shown()
							+ "  (authorization code + PKCE, refresh)",
					webClient(this.clientSecretEncoder.encode(secret.value())));
		}
		if (this.registeredClients.findByClientId(PUBLIC_CLIENT_ID) == null) {
			saveOnce(created, "  client " + PUBLIC_CLIENT_ID + "  (public: authorization code + PKCE, no secret)",
					publicClient());
		}
		if (this.registeredClients.findByClientId(MACHINE_CLIENT_ID) == null) {
			Credential secret = Credential.of(this.properties.machineClientSecret());
			saveOnce(created,
					"  client " + MACHINE_CLIENT_ID + "  secret: " + secret.shown() + "  (client credentials)",
					machineClient(this.clientSecretEncoder.encode(secret.value())));
		}
		if (this.registeredClients.findByClientId(DEVICE_CLIENT_ID) == null) {
			saveOnce(created, "  client " + DEVICE_CLIENT_ID + "  (public: device authorization, no secret)",
					deviceClient());
		}
		if (this.registeredClients.findByClientId(API_CLIENT_ID) == null) {
			Credential secret = Credential.of(this.properties.apiClientSecret());
			saveOnce(created,
					"  client " + API_CLIENT_ID + "  secret: " + secret.shown()
							+ "  (the sample API's own: client credentials, token exchange for "
							+ this.properties.downstreamApiUrl() + ")",
					apiClient(this.clientSecretEncoder.encode(secret.value())));
		}
		if (!created.isEmpty()) {
			writeCredentials(created);
			log.info(
					"Demo data created; the users and clients, with generated credentials, are in {} "
							+ "(readable by you alone; set authserver.demo.enabled=false in production)",
					this.properties.credentialsFile());
		}
	}

	private void writeCredentials(List<String> created) {
		Path file = this.properties.credentialsFile().toAbsolutePath();
		String text = """
				==== Demo data created (shown once; set authserver.demo.enabled=false in production) ====
				%s
				=========================================================================================
				""".formatted(String.join(System.lineSeparator(), created));
		try {
			Files.createDirectories(file.getParent());
			Files.deleteIfExists(file);
			// Created owner-only, so the secrets are never readable by others, not even
			// for a moment.
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the demo credentials to " + file, ex);
		}
	}

	/**
	 * Instances that start together on one empty database race to create the same rows;
	 * the unique keys let one win, and only the winner prints what it created.
	 */
	private static void createOnce(List<String> created, String description, Runnable create) {
		try {
			create.run();
			created.add(description);
		}
		catch (DuplicateKeyException ex) {
			// Another instance created it first.
		}
	}

	/**
	 * Like {@link #createOnce}, for a client. The framework's repository looks for the
	 * client id before it inserts, and reports a taken one with an
	 * {@link IllegalArgumentException} rather than a duplicate key: another instance
	 * saved the client after our lookup. Any other cause of that exception stops the
	 * start.
	 */
	private void saveOnce(List<String> created, String description, RegisteredClient client) {
		try {
			createOnce(created, description, () -> this.registeredClients.save(client));
		}
		catch (IllegalArgumentException ex) {
			if (this.registeredClients.findByClientId(client.getClientId()) == null) {
				throw ex;
			}
		}
	}

	/**
	 * The demo clients meet the rules of every registered client, as the server applies
	 * them (RFC 8252 §8.4: an http loopback redirect is for native apps, which are public
	 * clients); the client demo's confidential client on this machine needs development
	 * mode.
	 */
	private void checkMetadata(RegisteredClient client) {
		try {
			this.clientMetadataValidator.validate(ClientMetadataMapping.metadataOf(client), Set.of());
		}
		catch (InvalidClientMetadataException ex) {
			throw new IllegalStateException("Demo client " + client.getClientId()
					+ " is refused by the rules of registered clients: " + ex.getMessage() + ". Its redirect URIs "
					+ "come from authserver.demo.client-demo-url (" + this.properties.clientDemoUrl() + "): set it to "
					+ "the client demo's https address, or, with everything on this machine, start in development "
					+ "mode (authserver.registration.allow-http-localhost=true, as run.sh does); or turn the demo off "
					+ "(authserver.demo.enabled=false)", ex);
		}
	}

	private RegisteredClient webClient(String encodedSecret) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(WEB_CLIENT_ID)
			.clientName("Client demo")
			.clientSecret(encodedSecret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri(this.properties.clientDemoUrl() + "/login/oauth2/code/demo")
			.postLogoutRedirectUri(this.properties.clientDemoUrl() + "/")
			.scopes((scopes) -> scopes.addAll(
					List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL, "message.read", "message.write")))
			.clientSettings(webClientSettings())
			.tokenSettings(userFacingTokenSettings())
			.build();
	}

	/**
	 * In development mode, the client demo's back-channel logout endpoint (Spring
	 * Security's {@code oidcLogout().backChannel()}, at its default path for the
	 * registration {@code demo}), so that signing out at the auth-server ends its session
	 * too: there the client demo runs on this machine, as run.sh starts it. A client demo
	 * elsewhere gets its endpoint registered through the console.
	 */
	private ClientSettings webClientSettings() {
		ClientSettings.Builder settings = ClientSettings.withSettings(userFacingClientSettings().getSettings());
		if (this.developmentMode) {
			settings
				.setting(ClientMetadataMapping.BACKCHANNEL_LOGOUT_URI,
						this.properties.clientDemoUrl() + "/logout/connect/back-channel/demo")
				.setting(ClientMetadataMapping.BACKCHANNEL_LOGOUT_SESSION_REQUIRED, true);
		}
		return settings.build();
	}

	private RegisteredClient publicClient() {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(PUBLIC_CLIENT_ID)
			.clientName("Public demo app")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			// No refresh grant: the framework issues no refresh token to a client without
			// credentials.
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(this.properties.clientDemoUrl() + "/login/oauth2/code/demo-public")
			.scopes((scopes) -> scopes.addAll(List.of(OidcScopes.OPENID, OidcScopes.PROFILE, "message.read")))
			.clientSettings(userFacingClientSettings())
			.tokenSettings(userFacingTokenSettings())
			.build();
	}

	/**
	 * The device the client demo's device page plays (RFC 8628): a public client, as a TV
	 * or command-line app keeps no secret, with the user's consent asked every time.
	 */
	private RegisteredClient deviceClient() {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(DEVICE_CLIENT_ID)
			.clientName("Device demo")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
			.scopes((scopes) -> scopes.addAll(List.of(OidcScopes.PROFILE, "message.read")))
			.tokenSettings(userFacingTokenSettings())
			.build();
	}

	private RegisteredClient machineClient(String encodedSecret) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(MACHINE_CLIENT_ID)
			.clientName("Machine-to-machine demo")
			.clientSecret(encodedSecret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes((scopes) -> scopes.addAll(List.of("message.read", "message.write")))
			.tokenSettings(
					TokenSettings.builder().accessTokenTimeToLive(this.properties.accessTokenTimeToLive()).build())
			.build();
	}

	/**
	 * The sample resource server's own client: it exchanges the tokens it is called with
	 * for tokens to the downstream sample API (RFC 8693), acting for the user with an
	 * actor token of its own (client credentials), so the downstream API sees the user as
	 * {@code sub} and this client as {@code act}. It may not impersonate.
	 */
	private RegisteredClient apiClient(String encodedSecret) {
		RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(API_CLIENT_ID)
			.clientName("Sample API")
			.clientSecret(encodedSecret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
			.scope("message.read")
			.tokenSettings(
					TokenSettings.builder().accessTokenTimeToLive(this.properties.accessTokenTimeToLive()).build())
			.build();
		TokenExchangePolicy policy = new TokenExchangePolicy(List.of(this.properties.downstreamApiUrl()), false,
				Set.of("message.read"), null);
		return RegisteredClient.from(client).clientSettings(policy.applyTo(client.getClientSettings())).build();
	}

	/**
	 * PKCE even for the confidential client, as RFC 9700 §2.1.1 recommends, and the
	 * user's consent.
	 */
	private static ClientSettings userFacingClientSettings() {
		return ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build();
	}

	/**
	 * The demo's access token lifetime, and a refresh token replaced at every use (RFC
	 * 9700 §4.14.2): the framework reuses them by default.
	 */
	private TokenSettings userFacingTokenSettings() {
		return TokenSettings.builder()
			.reuseRefreshTokens(false)
			.accessTokenTimeToLive(this.properties.accessTokenTimeToLive())
			.build();
	}

	/**
	 * A configured credential, or a generated one (256 random bits) that is shown once.
	 */
	private record Credential(String value, boolean generated) {

		static Credential of(String configured) {
			if (configured != null && !configured.isBlank()) {
				return new Credential(configured, false);
			}
			return new Credential(OpaqueTokens.generate(""), true);
		}

		String shown() {
			return this.generated ? this.value : "(as configured)";
		}

	}

}
