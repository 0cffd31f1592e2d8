package dev.authserver.registration;

import java.sql.Types;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.clients.ClientAssertionDecoderFactory;
import dev.authserver.clients.ClientSecretEncoder;
import dev.authserver.clients.DurationText;
import dev.authserver.clients.JdbcRegisteredClientStore;
import dev.authserver.tokens.ClientResources;
import dev.authserver.tokens.ResourceIndicators;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.ConfigurationSettingNames;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/**
 * Registers, reads, replaces and deletes clients from validated metadata, for the registration endpoint and the
 * admin console alike. Secrets and registration access tokens have 256 random bits, are returned once and stored
 * only as hashes, except the secret of a {@code client_secret_jwt} client, which signs with it: that one is stored
 * encrypted. A {@code private_key_jwt} client gets no secret.
 */
public class ClientRegistrationService {

	private static final Logger log = LoggerFactory.getLogger(ClientRegistrationService.class);

	private static final String REGISTRATION_TOKEN_PREFIX = "rat_";

	/** Long enough for a slow request; short enough that a stolen access token is soon useless. */
	public static final Duration MIN_ACCESS_TOKEN_TIME_TO_LIVE = Duration.ofMinutes(1);

	public static final Duration MIN_REFRESH_TOKEN_TIME_TO_LIVE = Duration.ofMinutes(5);

	public static final Duration MAX_REFRESH_TOKEN_TIME_TO_LIVE = Duration.ofDays(90);

	/** The field of a client's resource servers: no RFC 7591 metadata, this server's own. */
	private static final String RESOURCES = "resources";

	private final JdbcRegisteredClientRepository clients;

	private final JdbcRegisteredClientStore store;

	private final JdbcInitialAccessTokenRepository initialAccessTokens;

	private final ClientMetadataValidator validator;

	private final ClientSecretEncoder clientSecretEncoder;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration maxAccessTokenTimeToLive;

	private final AuditLog auditLog;

	private final ResourceIndicators resourceIndicators;

	/**
	 * @param maxAccessTokenTimeToLive the longest access token lifetime a client may have: the server's
	 * {@code authserver.keys.max-token-lifetime}, which retired signing keys are kept published for
	 */
	public ClientRegistrationService(JdbcRegisteredClientRepository clients, JdbcRegisteredClientStore store,
			JdbcInitialAccessTokenRepository initialAccessTokens, ClientMetadataValidator validator,
			ClientSecretEncoder clientSecretEncoder, JdbcClient jdbc, Clock clock, Duration maxAccessTokenTimeToLive,
			AuditLog auditLog, ResourceIndicators resourceIndicators) {
		this.clients = clients;
		this.store = store;
		this.initialAccessTokens = initialAccessTokens;
		this.validator = validator;
		this.clientSecretEncoder = clientSecretEncoder;
		this.jdbc = jdbc;
		this.clock = clock;
		this.maxAccessTokenTimeToLive = maxAccessTokenTimeToLive;
		this.auditLog = auditLog;
		this.resourceIndicators = resourceIndicators;
	}

	public Duration maxAccessTokenTimeToLive() {
		return this.maxAccessTokenTimeToLive;
	}

	/**
	 * Registers a client with an initial access token: the metadata is checked first, so a refused request does not
	 * use up a single-use token; the use is counted in the same transaction that stores the client.
	 * @throws InvalidInitialAccessTokenException when the token is unknown, expired, revoked or used up
	 */
	@Transactional
	public Registration register(String initialAccessToken, ClientMetadata request) {
		Instant now = this.clock.instant();
		InitialAccessToken token = this.initialAccessTokens.findByToken(initialAccessToken)
			.filter((candidate) -> candidate.isUsable(now))
			.orElseThrow(InvalidInitialAccessTokenException::new);
		ClientMetadata metadata = this.validator.validate(request, token.allowedScopes());
		if (!this.initialAccessTokens.consume(token.id(), now)) {
			throw new InvalidInitialAccessTokenException();
		}
		Registration registration = create(metadata, token.id(), now);
		log.info("Registered client {} with initial access token {}", registration.client().getClientId(), token.id());
		this.auditLog.success(AuditEventType.CLIENT_REGISTERED, registration.client().getClientId(),
				"initial access token " + token.id());
		return registration;
	}

	/** Registers a client for an administrator, with the same checks as the endpoint and any scope. */
	@Transactional
	public Registration registerByAdmin(ClientMetadata request, String admin) {
		ClientMetadata metadata = this.validator.validate(request, Set.of());
		Registration registration = create(metadata, null, this.clock.instant());
		log.info("Client {} registered by admin {}", registration.client().getClientId(), admin);
		this.auditLog.success(AuditEventType.CLIENT_REGISTERED, registration.client().getClientId(), "admin console");
		return registration;
	}

	public RegisteredClient findById(String id) {
		return this.clients.findById(id);
	}

	/** The client a registration access token belongs to, if it is that client's current token. */
	public Optional<RegisteredClient> findByRegistrationAccessToken(String clientId, String registrationAccessToken) {
		return this.jdbc.sql("""
				SELECT registered_client_id FROM client_registration WHERE registration_access_token_hash = :hash""")
			.param("hash", OpaqueTokens.hash(registrationAccessToken))
			.query(String.class)
			.optional()
			.map(this.clients::findById)
			.filter((client) -> client.getClientId().equals(clientId));
	}

	/**
	 * The scopes the client may have: those of the initial access token it was registered with, if that token
	 * limited them; empty allows any.
	 */
	public Set<String> allowedScopes(RegisteredClient client) {
		return this.jdbc.sql("""
				SELECT t.allowed_scopes FROM client_registration r
				JOIN initial_access_token t ON t.id = r.initial_access_token_id
				WHERE r.registered_client_id = :id""")
			.param("id", client.getId())
			.query(String.class)
			.optional()
			.filter(StringUtils::hasText)
			.map((scopes) -> Set.of(scopes.split(" ")))
			.orElse(Set.of());
	}

	/**
	 * Issues a new registration access token for the client; the old one stops working (RFC 7592 §3 allows this on
	 * every read and update, and a hashed token cannot be given back).
	 */
	@Transactional
	public String renewRegistrationAccessToken(RegisteredClient client) {
		String token = OpaqueTokens.generate(REGISTRATION_TOKEN_PREFIX);
		int updated = this.jdbc.sql("""
				UPDATE client_registration SET registration_access_token_hash = :hash
				WHERE registered_client_id = :id""")
			.param("hash", OpaqueTokens.hash(token))
			.param("id", client.getId())
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO client_registration (registered_client_id, registration_access_token_hash)
					VALUES (:id, :hash)""").param("id", client.getId()).param("hash", OpaqueTokens.hash(token)).update();
		}
		return token;
	}

	/**
	 * Replaces the client's metadata (RFC 7592 §2.2), checked like a registration. A client that becomes
	 * confidential gets a new secret, returned here; one that becomes public loses its secret.
	 * @return the new secret, or null when the client keeps its secret or has none
	 */
	@Transactional
	public String replace(RegisteredClient existing, ClientMetadata request, Set<String> allowedScopes) {
		ClientMetadata metadata = this.validator.validate(request, allowedScopes);
		String newSecret = null;
		String storedSecret = existing.getClientSecret();
		// RFC 7591 metadata names one method, the one reported for the client. A client declared with several, say
		// client_secret_basic and client_secret_post, keeps them all unless the update names another method.
		Set<ClientAuthenticationMethod> methods = metadata.tokenEndpointAuthMethod()
			.equals(reportedAuthenticationMethod(existing)) ? existing.getClientAuthenticationMethods()
					: Set.of(authenticationMethod(metadata));
		boolean readableSecretNeeded = methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_JWT);
		if (!metadata.usesSecret()) {
			storedSecret = null;
		}
		else if (storedSecret == null || (readableSecretNeeded && !this.clientSecretEncoder.isEncrypted(storedSecret))) {
			// A hash cannot be turned back into the secret that client_secret_jwt signs with: a new secret it is.
			newSecret = OpaqueTokens.generate("");
			storedSecret = this.clientSecretEncoder.encodeFor(methods, newSecret);
		}
		else if (!readableSecretNeeded && this.clientSecretEncoder.isEncrypted(storedSecret)) {
			// No longer needed in clear: kept as a hash only, like every other client's.
			storedSecret = this.clientSecretEncoder.encode(this.clientSecretEncoder.decrypt(storedSecret));
		}
		this.clients.save(build(RegisteredClient.withId(existing.getId())
			.clientId(existing.getClientId())
			.clientIdIssuedAt(existing.getClientIdIssuedAt())
			.clientSecret(storedSecret)
			.clientAuthenticationMethods((kept) -> kept.addAll(methods))
			.tokenSettings(existing.getTokenSettings()), existing.getClientId(), metadata,
				ClientSettings.withSettings(existing.getClientSettings().getSettings())));
		log.info("Client {} updated", existing.getClientId());
		this.auditLog.success(AuditEventType.CLIENT_UPDATED, existing.getClientId(),
				(newSecret != null) ? "metadata; new secret" : "metadata");
		return newSecret;
	}

	/**
	 * A new secret for a confidential client, returned once; the old one stops working on this instance once the
	 * change commits, and on others when their cached client expires.
	 */
	@Transactional
	public String rotateSecret(RegisteredClient existing) {
		String secret = OpaqueTokens.generate("");
		this.clients.save(RegisteredClient.from(existing)
			.clientSecret(this.clientSecretEncoder.encodeFor(existing.getClientAuthenticationMethods(), secret))
			.build());
		log.info("Secret of client {} rotated", existing.getClientId());
		this.auditLog.success(AuditEventType.CLIENT_SECRET_ROTATED, existing.getClientId(), null);
		return secret;
	}

	/** Deletes the client and revokes every token it holds. */
	@Transactional
	public void delete(RegisteredClient existing) {
		this.store.delete(existing.getId());
		log.info("Client {} deleted, its tokens revoked", existing.getClientId());
		this.auditLog.success(AuditEventType.CLIENT_DELETED, existing.getClientId(), null);
	}

	/** The metadata of a registered client, as RFC 7591 names it. */
	public static ClientMetadata metadataOf(RegisteredClient client) {
		List<String> grantTypes = client.getAuthorizationGrantTypes()
			.stream()
			.map(AuthorizationGrantType::getValue)
			.sorted()
			.toList();
		JwsAlgorithm signingAlg = client.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm();
		String jwks = client.getClientSettings().getSetting(ClientAssertionDecoderFactory.JWKS_SETTING);
		return new ClientMetadata(List.copyOf(client.getRedirectUris()), List.copyOf(client.getPostLogoutRedirectUris()),
				grantTypes, grantTypes.contains(ClientMetadataValidator.AUTHORIZATION_CODE) ? List.of("code") : List.of(),
				reportedAuthenticationMethod(client), String.join(" ", client.getScopes()), client.getClientName(),
				(signingAlg != null) ? signingAlg.getName() : null, client.getClientSettings().getJwkSetUrl(),
				(jwks != null) ? jsonObject(jwks) : null);
	}

	/** The one {@code token_endpoint_auth_method} RFC 7591 metadata can name, for a client that may have several. */
	private static String reportedAuthenticationMethod(RegisteredClient client) {
		return client.getClientAuthenticationMethods()
			.stream()
			.map(ClientAuthenticationMethod::getValue)
			.sorted()
			.findFirst()
			.orElse("client_secret_basic");
	}

	private static Map<String, Object> jsonObject(String json) {
		try {
			return JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored jwks is not a JSON object", ex);
		}
	}

	private static ClientAuthenticationMethod authenticationMethod(ClientMetadata metadata) {
		return new ClientAuthenticationMethod(metadata.tokenEndpointAuthMethod());
	}

	private Registration create(ClientMetadata metadata, String initialAccessTokenId, Instant now) {
		// Public, so 128 random bits are plenty; the secret below has 256.
		String clientId = OpaqueTokens.generate("client_", 16);
		String secret = metadata.usesSecret() ? OpaqueTokens.generate("") : null;
		RegisteredClient client = build(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientIdIssuedAt(now)
			.clientSecret((secret != null)
					? this.clientSecretEncoder.encodeFor(Set.of(authenticationMethod(metadata)), secret) : null)
			// Refresh tokens are replaced at every use (RFC 9700 §4.14.2); the framework reuses them by default.
			.tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).build()), clientId, metadata,
				ClientSettings.builder());
		this.clients.save(client);
		String registrationAccessToken = OpaqueTokens.generate(REGISTRATION_TOKEN_PREFIX);
		this.jdbc.sql("""
				INSERT INTO client_registration
				    (registered_client_id, registration_access_token_hash, initial_access_token_id)
				VALUES (:id, :hash, :initialAccessTokenId)""")
			.param("id", client.getId())
			.param("hash", OpaqueTokens.hash(registrationAccessToken))
			.param("initialAccessTokenId", initialAccessTokenId, Types.VARCHAR)
			.update();
		return new Registration(client, secret, registrationAccessToken);
	}

	/**
	 * @param clientSettings the settings the client keeps, such as its resource servers, which are no RFC 7591
	 * metadata
	 */
	private static RegisteredClient build(RegisteredClient.Builder builder, String clientId, ClientMetadata metadata,
			ClientSettings.Builder clientSettings) {
		clientSettings
			// PKCE for every client, confidential ones included (RFC 9700 §2.1.1); third-party apps ask consent.
			.requireProofKey(true)
			.requireAuthorizationConsent(true)
			// How the client signs its assertions comes from the metadata alone: what an update leaves out is gone.
			.settings((settings) -> {
				settings.remove(ConfigurationSettingNames.Client.TOKEN_ENDPOINT_AUTHENTICATION_SIGNING_ALGORITHM);
				settings.remove(ConfigurationSettingNames.Client.JWK_SET_URL);
				settings.remove(ClientAssertionDecoderFactory.JWKS_SETTING);
			});
		if (metadata.tokenEndpointAuthSigningAlg() != null) {
			clientSettings.tokenEndpointAuthenticationSigningAlgorithm(
					ClientAssertionDecoderFactory.algorithmNamed(metadata.tokenEndpointAuthSigningAlg()));
		}
		if (metadata.jwksUri() != null) {
			clientSettings.jwkSetUrl(metadata.jwksUri());
		}
		if (metadata.jwks() != null) {
			clientSettings.setting(ClientAssertionDecoderFactory.JWKS_SETTING,
					JSONObjectUtils.toJSONString(metadata.jwks()));
		}
		builder.clientName((metadata.clientName() != null) ? metadata.clientName() : clientId)
			.clientAuthenticationMethod(authenticationMethod(metadata))
			.clientSettings(clientSettings.build());
		metadata.grantTypes().forEach((grantType) -> builder.authorizationGrantType(new AuthorizationGrantType(grantType)));
		metadata.redirectUris().forEach(builder::redirectUri);
		metadata.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
		List<String> scopes = new ArrayList<>(List.of(metadata.scope().split(" ")));
		builder.scopes((registered) -> registered.addAll(scopes));
		return builder.build();
	}

	/**
	 * Sets how long the client's access and refresh tokens live, from the next token on; tokens already issued keep
	 * the lifetime they were issued with.
	 * @throws InvalidClientMetadataException when a lifetime is outside its bounds
	 */
	@Transactional
	public void updateTokenLifetimes(RegisteredClient existing, Duration accessTokenTimeToLive,
			Duration refreshTokenTimeToLive) {
		if (accessTokenTimeToLive.compareTo(MIN_ACCESS_TOKEN_TIME_TO_LIVE) < 0
				|| accessTokenTimeToLive.compareTo(this.maxAccessTokenTimeToLive) > 0) {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					"access_token_time_to_live", "the access token lifetime must be between "
							+ DurationText.format(MIN_ACCESS_TOKEN_TIME_TO_LIVE) + " and "
							+ DurationText.format(this.maxAccessTokenTimeToLive)
							+ " (authserver.keys.max-token-lifetime)");
		}
		if (refreshTokenTimeToLive.compareTo(MIN_REFRESH_TOKEN_TIME_TO_LIVE) < 0
				|| refreshTokenTimeToLive.compareTo(MAX_REFRESH_TOKEN_TIME_TO_LIVE) > 0) {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					"refresh_token_time_to_live", "the refresh token lifetime must be between 5 minutes and 90 days");
		}
		this.clients.save(RegisteredClient.from(existing)
			.tokenSettings(TokenSettings.withSettings(existing.getTokenSettings().getSettings())
				.accessTokenTimeToLive(accessTokenTimeToLive)
				.refreshTokenTimeToLive(refreshTokenTimeToLive)
				.build())
			.build());
		this.auditLog.success(AuditEventType.CLIENT_UPDATED, existing.getClientId(), "token lifetimes");
	}

	/**
	 * Limits the client to these resource servers, the first being its default audience, from its next token on; an
	 * empty list lets it use every resource server this server knows.
	 * @throws InvalidClientMetadataException when a resource is not an absolute URI this server knows
	 */
	@Transactional
	public void updateResources(RegisteredClient existing, List<String> resources) {
		this.resourceIndicators.invalidClientResource(resources).ifPresent((reason) -> {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					RESOURCES, reason);
		});
		this.clients.save(RegisteredClient.from(existing)
			.clientSettings(ClientResources.with(existing.getClientSettings(), resources))
			.build());
		this.auditLog.success(AuditEventType.CLIENT_UPDATED, existing.getClientId(), "resources");
	}

	/**
	 * A registered client with the secrets that are shown this one time.
	 *
	 * @param clientSecret null for a public client
	 */
	public record Registration(RegisteredClient client, String clientSecret, String registrationAccessToken) {
	}

}
