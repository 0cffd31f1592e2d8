package dev.authserver.clients;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.authserver.tokens.ClientResources;
import dev.authserver.tokens.TokenExchangePolicy;
import dev.authserver.tokens.ResourceIndicators;
import dev.authserver.tokens.TokenProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties.Client;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties.Registration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.util.StringUtils;

/**
 * Creates or updates, at start-up and before the web server accepts requests, the clients
 * declared under {@code spring.security.oauth2.authorizationserver.client.<name>.*}, so
 * operators declare clients the way Boot documents it and the database stays the one
 * source of truth.
 * <p>
 * Secrets are stored hashed: a declared {@code {noop}secret} (or a bare one) is hashed
 * before it is saved, and an already hashed value ({@code {sha256}...},
 * {@code {bcrypt}...}) is kept as it is. Any other {@code {id}} prefix stops the start,
 * naming the client: {@link ClientSecretEncoder} could not read it, and every token
 * request of the client would fail with a server error.
 * <p>
 * A {@code client_secret_jwt} client signs with its secret, so its secret is stored
 * encrypted instead, and must be declared in clear ({@code {noop}...}, at least 32
 * characters for HS256); secrets are stored by the rules of {@link ClientSecrets}.
 * <p>
 * Declared clients pass {@link ClientMetadataValidator}, as registered and console
 * clients do: redirect URIs, grant types, scopes, the key URI and the assertion
 * algorithm. Boot's model allows several authentication methods, so the declaration is
 * checked once for each, and must not name both assertion methods (the framework verifies
 * with one algorithm per client). Any mistake stops the start, naming the client and the
 * property, rather than leaving a client that can never authenticate or that this server
 * would not let anyone register. Development mode
 * ({@code authserver.registration.allow-http-localhost}) applies to them too.
 * <p>
 * Refresh tokens are replaced at every use, for every client (RFC 9700 §4.14.2): a
 * declared {@code token.reuse-refresh-tokens: true} stops the start, naming the client,
 * rather than be overridden. A client that shares one refresh token between its instances
 * would otherwise have its grants revoked, at run time, as soon as a replaced token comes
 * back. Boot's default for an unset property is also {@code true}; unset, rotation
 * applies.
 * <p>
 * The resource servers a declared client may use come from
 * {@code authserver.tokens.client-resources.<name>} ({@link ClientResources}), by the
 * same name; a name no client is declared under, or a resource this server does not know,
 * stops the start. Its OpenID Connect metadata ({@code default_max_age},
 * {@code require_auth_time}, the back- and front-channel logout URIs) comes from
 * {@code authserver.clients.oidc.<name>}, and its mutual-TLS metadata from
 * {@code authserver.clients.mutual-tls.<name>}: the certificate value of
 * {@code tls_client_auth} (Boot's client properties have none, not even the subject DN)
 * and whether its access tokens are bound to its certificate (RFC 8705); both
 * ({@link DeclaredClientProperties}) are checked the same way and by the rules of
 * registered clients. A {@code self_signed_tls_client_auth} client names its keys in
 * Boot's {@code jwk-set-uri}.
 */
class DeclaredClientRegistrar implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(DeclaredClientRegistrar.class);

	private static final String CLIENT_PROPERTIES = "spring.security.oauth2.authorizationserver.client";

	private static final String MUTUAL_TLS_PROPERTIES = "authserver.clients.mutual-tls";

	private static final String NOOP_PREFIX = "{noop}";

	private static final String OIDC_PREFIX = "authserver.clients.oidc.";

	private static final String TOKEN_EXCHANGE_PREFIX = "authserver.clients.token-exchange.";

	/** The property under {@link #OIDC_PREFIX} that holds each metadata field. */
	private static final Map<String, String> OIDC_PROPERTIES = Map.of("default_max_age", "default-max-age",
			"backchannel_logout_uri", "backchannel-logout-uri", "frontchannel_logout_uri", "frontchannel-logout-uri",
			"require_signed_request_object", "require-signed-request-object", "fapi2_security_profile",
			"fapi2-security-profile");

	/** The declared property that holds each RFC 7591 field the validator names. */
	private static final Map<String, String> DECLARED_PROPERTIES = Map.of("redirect_uris", "registration.redirect-uris",
			"post_logout_redirect_uris", "registration.post-logout-redirect-uris", "grant_types",
			"registration.authorization-grant-types", "response_types", "registration.authorization-grant-types",
			"token_endpoint_auth_method", "registration.client-authentication-methods", "scope", "registration.scopes",
			"client_name", "registration.client-name", "token_endpoint_auth_signing_alg",
			"token-endpoint-authentication-signing-algorithm", "jwks_uri", "jwk-set-uri", "jwks", "jwk-set-uri");

	private static final int MIN_SECRET_LENGTH = 32;

	/**
	 * Encrypted, a longer secret would not fit the framework's client_secret column of
	 * 200 characters.
	 */
	private static final int MAX_READABLE_SECRET_LENGTH = 100;

	private final OAuth2AuthorizationServerProperties properties;

	private final JdbcRegisteredClientRepository registeredClients;

	private final ClientSecretEncoder secretEncoder;

	private final ClientSecrets secrets;

	private final ClientMetadataValidator validator;

	private final Map<String, List<String>> clientResources;

	private final ResourceIndicators resourceIndicators;

	private final Map<String, DeclaredClientProperties.OidcMetadata> oidcMetadata;

	/**
	 * Each declared client's metadata as the rules of registered clients accepted it:
	 * checked once for each of its authentication methods, kept as the check that holds
	 * its certificate value.
	 */
	private final Map<String, ClientMetadata> validated = new HashMap<>();

	private final Map<String, DeclaredClientProperties.MutualTls> mutualTls;

	private final Map<String, DeclaredClientProperties.TokenExchange> tokenExchange;

	private final Duration maxAccessTokenTimeToLive;

	private final Binder declarations;

	DeclaredClientRegistrar(OAuth2AuthorizationServerProperties properties,
			JdbcRegisteredClientRepository registeredClients, ClientSecretEncoder secretEncoder,
			ClientMetadataValidator validator, TokenProperties tokenProperties, ResourceIndicators resourceIndicators,
			DeclaredClientProperties declaredProperties, Duration maxAccessTokenTimeToLive, Environment environment) {
		this.properties = properties;
		this.registeredClients = registeredClients;
		this.secretEncoder = secretEncoder;
		this.secrets = new ClientSecrets(secretEncoder);
		this.validator = validator;
		this.clientResources = tokenProperties.clientResources();
		this.resourceIndicators = resourceIndicators;
		this.oidcMetadata = declaredProperties.oidc();
		this.mutualTls = declaredProperties.mutualTls();
		this.tokenExchange = declaredProperties.tokenExchange();
		this.maxAccessTokenTimeToLive = maxAccessTokenTimeToLive;
		this.declarations = Binder.get(environment);
	}

	@Override
	public void afterSingletonsInstantiated() {
		checkDeclaredNames();
		this.properties.getClient().forEach(this::checkSecret);
		this.properties.getClient().forEach(this::checkAssertionMethods);
		this.properties.getClient().forEach(this::checkMetadata);
		this.properties.getClient().forEach(this::checkRefreshTokenRotation);
		checkResources();
		this.properties.getClient().forEach((name, client) -> {
			String clientId = client.getRegistration().getClientId();
			RegisteredClient existing = this.registeredClients.findByClientId(clientId);
			String id = (existing != null) ? existing.getId() : UUID.randomUUID().toString();
			RegisteredClient declared = withTokenExchangePolicy(name, toRegisteredClient(id, name, client, existing));
			try {
				this.registeredClients.save(declared);
				log.info("{} declared client {} ({})", (existing != null) ? "Updated" : "Registered", clientId, name);
			}
			catch (DuplicateKeyException ex) {
				// Another instance starting on the same database registered it first,
				// from the same declaration.
			}
			catch (IllegalArgumentException ex) {
				// The framework looks for the client id before it inserts, and reports a
				// taken one with this exception:
				// another instance registered the client after our lookup. Any other
				// cause stops the start.
				if (existing != null || this.registeredClients.findByClientId(clientId) == null) {
					throw new IllegalStateException(
							"Cannot register declared client " + clientId + " (" + name + "): " + ex.getMessage(), ex);
				}
			}
		});
	}

	private RegisteredClient toRegisteredClient(String id, String declaredName, Client client,
			RegisteredClient existing) {
		Registration registration = client.getRegistration();
		PropertyMapper map = PropertyMapper.get();
		RegisteredClient.Builder builder = RegisteredClient.withId(id).clientId(registration.getClientId());
		if (existing != null) {
			builder.clientIdIssuedAt(existing.getClientIdIssuedAt());
		}
		Set<ClientAuthenticationMethod> methods = registration.getClientAuthenticationMethods()
			.stream()
			.map(ClientAuthenticationMethod::new)
			.collect(Collectors.toSet());
		builder.clientSecret(storedSecret(registration.getClientSecret(), existing, methods));
		builder.clientName(StringUtils.hasText(registration.getClientName()) ? registration.getClientName()
				: registration.getClientId());
		methods.forEach(builder::clientAuthenticationMethod);
		registration.getAuthorizationGrantTypes()
			.forEach((grantType) -> builder.authorizationGrantType(new AuthorizationGrantType(grantType)));
		registration.getRedirectUris().forEach(builder::redirectUri);
		registration.getPostLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
		registration.getScopes().forEach(builder::scope);

		ClientSettings.Builder clientSettings = ClientSettings.builder()
			.requireProofKey(client.isRequireProofKey())
			.requireAuthorizationConsent(client.isRequireAuthorizationConsent());
		map.from(client::getJwkSetUri).to(clientSettings::jwkSetUrl);
		map.from(client::getTokenEndpointAuthenticationSigningAlgorithm)
			.as((name) -> name.toUpperCase(Locale.ROOT))
			.as(ClientAssertionDecoderFactory::algorithmNamed)
			.to(clientSettings::tokenEndpointAuthenticationSigningAlgorithm);
		if (client.getTokenEndpointAuthenticationSigningAlgorithm() == null) {
			// The algorithm tells the framework which of the two methods an assertion
			// used.
			ClientAssertionDecoderFactory.assertionAlgorithms(methods)
				.stream()
				.findFirst()
				.ifPresent(clientSettings::tokenEndpointAuthenticationSigningAlgorithm);
		}
		ClientMetadataMapping.putMetadataSettings(clientSettings, this.validated.get(declaredName));
		builder.clientSettings(ClientResources.with(clientSettings.build(),
				this.clientResources.getOrDefault(declaredName, List.of())));

		OAuth2AuthorizationServerProperties.Token token = client.getToken();
		TokenSettings.Builder tokenSettings = TokenSettings.builder();
		map.from(token::getAuthorizationCodeTimeToLive).to(tokenSettings::authorizationCodeTimeToLive);
		map.from(token::getAccessTokenTimeToLive).to(tokenSettings::accessTokenTimeToLive);
		map.from(token::getAccessTokenFormat).as(OAuth2TokenFormat::new).to(tokenSettings::accessTokenFormat);
		map.from(token::getDeviceCodeTimeToLive).to(tokenSettings::deviceCodeTimeToLive);
		tokenSettings.reuseRefreshTokens(false);
		map.from(token::getRefreshTokenTimeToLive).to(tokenSettings::refreshTokenTimeToLive);
		map.from(token::getIdTokenSignatureAlgorithm)
			.as((name) -> SignatureAlgorithm.from(name.toUpperCase(Locale.ROOT)))
			.to(tokenSettings::idTokenSignatureAlgorithm);
		tokenSettings.x509CertificateBoundAccessTokens(
				Boolean.TRUE.equals(this.validated.get(declaredName).tlsClientCertificateBoundAccessTokens()));
		builder.tokenSettings(tokenSettings.build());
		return builder.build();
	}

	/**
	 * Refuses, before any client is saved, a secret whose {@code {id}} prefix no encoder
	 * here reads, and the declarations of signed assertions the client could never
	 * authenticate with.
	 */
	private void checkSecret(String name, Client client) {
		String declared = client.getRegistration().getClientSecret();
		String property = CLIENT_PROPERTIES + "." + name + ".registration.";
		Set<String> methods = client.getRegistration().getClientAuthenticationMethods();
		if (methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_JWT.getValue())) {
			String plain = (declared != null && declared.startsWith(NOOP_PREFIX))
					? declared.substring(NOOP_PREFIX.length()) : declared;
			if (plain == null || plain.startsWith("{") || plain.length() < MIN_SECRET_LENGTH
					|| plain.length() > MAX_READABLE_SECRET_LENGTH) {
				throw new IllegalStateException("Client " + client.getRegistration().getClientId()
						+ " uses client_secret_jwt, which signs with the secret itself: declare it in clear as "
						+ "{noop}<secret> in " + property + "client-secret, " + MIN_SECRET_LENGTH + " to "
						+ MAX_READABLE_SECRET_LENGTH + " characters (`openssl rand -base64 32`), not a hash");
			}
		}
		if (StringUtils.hasText(declared) && declared.startsWith("{") && !declared.startsWith(NOOP_PREFIX)
				&& !this.secretEncoder.canRead(declared)) {
			throw new IllegalStateException("The secret declared for client " + client.getRegistration().getClientId()
					+ " (spring.security.oauth2.authorizationserver.client." + name + ".registration.client-secret) "
					+ "starts with an unknown {id} prefix: declare the plain secret as {noop}<secret>, or a hash as "
					+ "{sha256}... or {bcrypt}...");
		}
	}

	/**
	 * Refuses a client declaring both assertion methods: the framework verifies with one
	 * algorithm per client.
	 */
	private void checkAssertionMethods(String name, Client client) {
		Set<String> methods = client.getRegistration().getClientAuthenticationMethods();
		if (methods.contains(ClientMetadataValidator.PRIVATE_KEY_JWT)
				&& methods.contains(ClientMetadataValidator.CLIENT_SECRET_JWT)) {
			throw new IllegalStateException("Client " + client.getRegistration().getClientId() + " declares both "
					+ "private_key_jwt and client_secret_jwt: declare the one it signs its assertions with");
		}
	}

	/**
	 * Puts the declaration through {@link ClientMetadataValidator}, the rules of
	 * registered and console clients, once for each of its authentication methods (the
	 * metadata has one): a client declaring {@code none} and {@code client_secret_basic}
	 * meets the rules of both. The key URI and the algorithm belong to the assertion
	 * method that uses them.
	 */
	private void checkMetadata(String name, Client client) {
		Registration registration = client.getRegistration();
		DeclaredClientProperties.OidcMetadata oidc = this.oidcMetadata.getOrDefault(name,
				new DeclaredClientProperties.OidcMetadata(null, false, null, false, null, false, false, false, false));
		Set<String> methods = registration.getClientAuthenticationMethods();
		// The key URI belongs to the methods that use keys, when the client has one.
		boolean keysMethod = methods.stream().anyMatch(DeclaredClientRegistrar::usesKeys);
		DeclaredClientProperties.MutualTls mutualTls = this.mutualTls.getOrDefault(name,
				new DeclaredClientProperties.MutualTls(null, null, null, null, null, false));
		for (String method : methods.isEmpty() ? Set.of("client_secret_basic") : methods) {
			boolean assertionMethod = method.equals(ClientMetadataValidator.PRIVATE_KEY_JWT)
					|| method.equals(ClientMetadataValidator.CLIENT_SECRET_JWT);
			// The certificate value belongs to tls_client_auth, when the client has it;
			// without it, the validator refuses the value.
			boolean certificateValue = method.equals(ClientMetadataValidator.TLS_CLIENT_AUTH)
					|| !methods.contains(ClientMetadataValidator.TLS_CLIENT_AUTH);
			String algorithm = client.getTokenEndpointAuthenticationSigningAlgorithm();
			ClientMetadata metadata = new ClientMetadata(List.copyOf(registration.getRedirectUris()),
					List.copyOf(registration.getPostLogoutRedirectUris()),
					List.copyOf(registration.getAuthorizationGrantTypes()), null, method,
					String.join(" ", registration.getScopes()), registration.getClientName(),
					(assertionMethod && algorithm != null) ? algorithm.toUpperCase(Locale.ROOT) : null,
					(!keysMethod || usesKeys(method)) ? client.getJwkSetUri() : null, null, defaultMaxAge(name, oidc),
					oidc.requireAuthTime() ? Boolean.TRUE : null, oidc.backchannelLogoutUri(),
					oidc.backchannelLogoutSessionRequired() ? Boolean.TRUE : null, oidc.frontchannelLogoutUri(),
					oidc.frontchannelLogoutSessionRequired() ? Boolean.TRUE : null,
					certificateValue ? mutualTls.subjectDn() : null, certificateValue ? mutualTls.sanDns() : null,
					certificateValue ? mutualTls.sanUri() : null, certificateValue ? mutualTls.sanIp() : null,
					certificateValue ? mutualTls.sanEmail() : null, mutualTls.certificateBoundAccessTokens(),
					oidc.requirePushedAuthorizationRequests() ? Boolean.TRUE : null,
					oidc.requireSignedRequestObject() ? Boolean.TRUE : null,
					oidc.fapi2SecurityProfile() ? Boolean.TRUE : null);
			try {
				ClientMetadata accepted = this.validator.validate(metadata, Set.of());
				// The certificate value comes with tls_client_auth's check, whichever
				// method comes last.
				if (certificateValue || !this.validated.containsKey(name)) {
					this.validated.put(name, accepted);
				}
			}
			catch (InvalidClientMetadataException ex) {
				String field = ex.getField();
				String property;
				if (OIDC_PROPERTIES.containsKey(field)) {
					property = OIDC_PREFIX + name + "." + OIDC_PROPERTIES.get(field);
				}
				else if (field != null && field.startsWith("tls_client_auth_")) {
					property = MUTUAL_TLS_PROPERTIES + "." + name + "."
							+ field.substring("tls_client_auth_".length()).replace('_', '-');
				}
				else {
					property = CLIENT_PROPERTIES + "." + name + "."
							+ DECLARED_PROPERTIES.getOrDefault(field, "registration");
				}
				throw new IllegalStateException("Client " + registration.getClientId() + " is refused by the rules "
						+ "of registered clients, in " + property + ": " + ex.getMessage(), ex);
			}
		}
	}

	private static boolean usesKeys(String method) {
		return method.equals(ClientMetadataValidator.PRIVATE_KEY_JWT)
				|| method.equals(ClientMetadataValidator.SELF_SIGNED_TLS_CLIENT_AUTH);
	}

	/** Each name is a declared client's. */
	/**
	 * Refuses a declared {@code reuse-refresh-tokens: true}. Boot's properties hold
	 * {@code true} when it is not declared at all, so the declaration itself is read.
	 */
	private void checkRefreshTokenRotation(String name, Client client) {
		String property = CLIENT_PROPERTIES + "[" + name + "].token.reuse-refresh-tokens";
		if (this.declarations.bind(property, Boolean.class).orElse(false)) {
			throw new IllegalStateException("Client " + client.getRegistration().getClientId() + " is declared with "
					+ CLIENT_PROPERTIES + "." + name + ".token.reuse-refresh-tokens=true, but this server replaces "
					+ "refresh tokens at every use and revokes the grant when a replaced one is presented again "
					+ "(RFC 9700 §4.14.2): remove the property, and make sure the client keeps the newest refresh "
					+ "token");
		}
	}

	/**
	 * The client with its declared token exchange policy, checked like one set in the
	 * console; a declared policy stops the start when it does not suit the client, or
	 * when the client lacks the grant. Like the rest of the declaration, it replaces at
	 * each start what the console set.
	 */
	private RegisteredClient withTokenExchangePolicy(String name, RegisteredClient client) {
		DeclaredClientProperties.TokenExchange declared = this.tokenExchange.get(name);
		if (declared == null) {
			return client;
		}
		if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.TOKEN_EXCHANGE)) {
			throw new IllegalStateException(TOKEN_EXCHANGE_PREFIX + name + " is for a client with the grant "
					+ ClientMetadataValidator.TOKEN_EXCHANGE + ", which " + CLIENT_PROPERTIES + "." + name
					+ ".registration.authorization-grant-types does not list");
		}
		TokenExchangePolicy policy = declared.toPolicy();
		policy.problemFor(client, this.resourceIndicators, this.maxAccessTokenTimeToLive).ifPresent((problem) -> {
			throw new IllegalStateException(
					TOKEN_EXCHANGE_PREFIX + name + "." + problem.field() + ": " + problem.message());
		});
		return RegisteredClient.from(client).clientSettings(policy.applyTo(client.getClientSettings())).build();
	}

	/**
	 * Refuses OpenID Connect, mutual-TLS or token exchange settings for a name no client
	 * is declared under.
	 */
	private void checkDeclaredNames() {
		Map<String, Set<String>> names = Map.of(OIDC_PREFIX, this.oidcMetadata.keySet(), MUTUAL_TLS_PROPERTIES + ".",
				this.mutualTls.keySet(), TOKEN_EXCHANGE_PREFIX, this.tokenExchange.keySet());
		names.forEach((prefix, declared) -> declared.forEach((name) -> {
			if (!this.properties.getClient().containsKey(name)) {
				throw new IllegalStateException(
						prefix + name + " names no client declared under " + CLIENT_PROPERTIES + "." + name);
			}
		}));
	}

	/** The declared {@code default-max-age} in whole seconds, as the metadata has it. */
	private static Integer defaultMaxAge(String name, DeclaredClientProperties.OidcMetadata oidc) {
		Duration maxAge = oidc.defaultMaxAge();
		if (maxAge == null) {
			return null;
		}
		if (maxAge.toNanos() % 1_000_000_000L != 0 || maxAge.toSeconds() > Integer.MAX_VALUE) {
			throw new IllegalStateException(OIDC_PREFIX + name + ".default-max-age must be whole seconds, from 1s to "
					+ ClientMetadataValidator.MAX_DEFAULT_MAX_AGE_SECONDS + "s");
		}
		return (int) maxAge.toSeconds();
	}

	private void checkResources() {
		this.clientResources.forEach((name, resources) -> {
			if (!this.properties.getClient().containsKey(name)) {
				throw new IllegalStateException("authserver.tokens.client-resources." + name + " names no client "
						+ "declared under " + CLIENT_PROPERTIES + "." + name);
			}
			this.resourceIndicators.invalidClientResource(resources).ifPresent((reason) -> {
				throw new IllegalStateException("authserver.tokens.client-resources." + name + ": " + reason);
			});
		});
	}

	/**
	 * Hashes a declared plain secret (encrypts it for {@code client_secret_jwt}), unless
	 * the stored value matches.
	 */
	private String storedSecret(String declared, RegisteredClient existing, Set<ClientAuthenticationMethod> methods) {
		if (!StringUtils.hasText(declared)) {
			return null;
		}
		if (declared.startsWith("{") && !declared.startsWith(NOOP_PREFIX)) {
			return declared;
		}
		String plain = declared.startsWith(NOOP_PREFIX) ? declared.substring(NOOP_PREFIX.length()) : declared;
		if (plain.length() < MIN_SECRET_LENGTH) {
			log.warn("A declared client secret is shorter than {} characters: client secrets are hashed fast because "
					+ "they should be random; generate one with `openssl rand -base64 32`", MIN_SECRET_LENGTH);
		}
		return this.secrets.encodeDeclared(plain, (existing != null) ? existing.getClientSecret() : null, methods);
	}

}
