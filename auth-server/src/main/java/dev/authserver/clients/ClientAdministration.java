package dev.authserver.clients;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;
import dev.authserver.tokens.ClientResources;
import dev.authserver.tokens.ResourceIndicators;
import dev.authserver.tokens.TokenExchangePolicy;
import dev.authserver.keys.OpaqueTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers, replaces and deletes clients from validated metadata and manages their
 * secrets, token lifetimes, resource servers and token exchange policies: the one service
 * the admin console and the registration endpoint call, so both accept exactly the same
 * clients. A {@code private_key_jwt} client gets no secret.
 */
public class ClientAdministration {

	private static final Logger log = LoggerFactory.getLogger(ClientAdministration.class);

	/**
	 * Long enough for a slow request; short enough that a stolen access token is soon
	 * useless.
	 */
	static final Duration MIN_ACCESS_TOKEN_TIME_TO_LIVE = Duration.ofMinutes(1);

	static final Duration MIN_REFRESH_TOKEN_TIME_TO_LIVE = Duration.ofMinutes(5);

	static final Duration MAX_REFRESH_TOKEN_TIME_TO_LIVE = Duration.ofDays(90);

	/**
	 * The field of a client's resource servers: no RFC 7591 metadata, this server's own.
	 */
	private static final String RESOURCES = "resources";

	private final JdbcRegisteredClientRepository clients;

	private final JdbcRegisteredClientStore store;

	private final ClientMetadataValidator validator;

	private final ClientSecrets secrets;

	private final Clock clock;

	private final Duration maxAccessTokenTimeToLive;

	private final AuditLog auditLog;

	private final ResourceIndicators resourceIndicators;

	/**
	 * @param maxAccessTokenTimeToLive the longest access token lifetime a client may
	 * have: the server's {@code authserver.keys.max-token-lifetime}, which retired
	 * signing keys are kept published for
	 */
	ClientAdministration(JdbcRegisteredClientRepository clients, JdbcRegisteredClientStore store,
			ClientMetadataValidator validator, ClientSecrets secrets, Clock clock, Duration maxAccessTokenTimeToLive,
			AuditLog auditLog, ResourceIndicators resourceIndicators) {
		this.clients = clients;
		this.store = store;
		this.validator = validator;
		this.secrets = secrets;
		this.clock = clock;
		this.maxAccessTokenTimeToLive = maxAccessTokenTimeToLive;
		this.auditLog = auditLog;
		this.resourceIndicators = resourceIndicators;
	}

	Duration maxAccessTokenTimeToLive() {
		return this.maxAccessTokenTimeToLive;
	}

	/**
	 * Registers a client for an administrator, with the same checks as the endpoint and
	 * any scope.
	 */
	@Transactional
	NewClient registerByAdmin(ClientMetadata request, String admin) {
		NewClient registered = register(request, Set.of(), Set.of(), "admin console");
		log.info("Client {} registered by admin {}", registered.client().getClientId(), admin);
		return registered;
	}

	/**
	 * Registers a client from the metadata, checked first.
	 * @param allowedScopes the scopes the client may have; empty allows any this server
	 * knows
	 * @param allowedGrantTypes the grant types the client may have; empty allows any this
	 * server supports
	 * @param via how the client was registered, for the audit log
	 * @throws InvalidClientMetadataException when the metadata is refused
	 */
	@Transactional
	public NewClient register(ClientMetadata request, Set<String> allowedScopes, Set<String> allowedGrantTypes,
			String via) {
		ClientMetadata metadata = this.validator.validate(request, allowedScopes, allowedGrantTypes);
		Instant now = this.clock.instant();
		// Public, so 128 random bits are plenty; the secret has 256.
		String clientId = OpaqueTokens.generate("client_", 16);
		ClientSecrets.Secret secret = metadata.usesSecret()
				? this.secrets.issue(Set.of(ClientMetadataMapping.authenticationMethod(metadata))) : null;
		RegisteredClient client = ClientMetadataMapping.build(
				RegisteredClient.withId(UUID.randomUUID().toString())
					.clientId(clientId)
					.clientIdIssuedAt(now)
					.clientSecret((secret != null) ? secret.stored() : null)
					// Refresh tokens are replaced at every use (RFC 9700 §4.14.2); the
					// framework reuses them by default.
					.tokenSettings(TokenSettings.builder().reuseRefreshTokens(false).build()),
				clientId, metadata, ClientSettings.builder());
		this.clients.save(client);
		this.auditLog.success(AuditEventType.CLIENT_REGISTERED, clientId, via);
		return new NewClient(client, (secret != null) ? secret.issued() : null);
	}

	/**
	 * Replaces the client's metadata (RFC 7592 §2.2), checked like a registration. A
	 * client that becomes confidential gets a new secret, returned here; one that becomes
	 * public loses its secret.
	 * @param allowedScopes the scopes the client may have; empty allows any this server
	 * knows
	 * @param allowedGrantTypes the grant types the client may have; empty allows any this
	 * server supports
	 * @return the new secret, or null when the client keeps its secret or has none
	 */
	@Transactional
	public String replace(RegisteredClient existing, ClientMetadata request, Set<String> allowedScopes,
			Set<String> allowedGrantTypes) {
		ClientMetadata metadata = this.validator.validate(request, allowedScopes, allowedGrantTypes);
		// RFC 7591 metadata names one method, the one reported for the client. A client
		// declared with several, say
		// client_secret_basic and client_secret_post, keeps them all unless the update
		// names another method.
		Set<ClientAuthenticationMethod> methods = metadata.tokenEndpointAuthMethod()
			.equals(ClientMetadataMapping.reportedAuthenticationMethod(existing))
					? existing.getClientAuthenticationMethods()
					: Set.of(ClientMetadataMapping.authenticationMethod(metadata));
		ClientSecrets.Secret secret = metadata.usesSecret()
				? this.secrets.keepOrIssue(existing.getClientSecret(), methods) : new ClientSecrets.Secret(null, null);
		this.clients.save(ClientMetadataMapping.build(
				RegisteredClient.withId(existing.getId())
					.clientId(existing.getClientId())
					.clientIdIssuedAt(existing.getClientIdIssuedAt())
					.clientSecret(secret.stored())
					.clientAuthenticationMethods((kept) -> kept.addAll(methods))
					.tokenSettings(existing.getTokenSettings()),
				existing.getClientId(), metadata,
				ClientSettings.withSettings(existing.getClientSettings().getSettings())));
		log.info("Client {} updated", existing.getClientId());
		this.auditLog.success(AuditEventType.CLIENT_UPDATED, existing.getClientId(),
				(secret.issued() != null) ? "metadata; new secret" : "metadata");
		return secret.issued();
	}

	/**
	 * A new secret for a confidential client, returned once; the old one stops working on
	 * this instance once the change commits, and on others when their cached client
	 * expires.
	 */
	@Transactional
	public String rotateSecret(RegisteredClient existing) {
		ClientSecrets.Secret secret = this.secrets.issue(existing.getClientAuthenticationMethods());
		this.clients.save(RegisteredClient.from(existing).clientSecret(secret.stored()).build());
		log.info("Secret of client {} rotated", existing.getClientId());
		this.auditLog.success(AuditEventType.CLIENT_SECRET_ROTATED, existing.getClientId(), null);
		return secret.issued();
	}

	/** Deletes the client and revokes every token it holds. */
	@Transactional
	public void delete(RegisteredClient existing) {
		this.store.delete(existing.getId());
		log.info("Client {} deleted, its tokens revoked", existing.getClientId());
		this.auditLog.success(AuditEventType.CLIENT_DELETED, existing.getClientId(), null);
	}

	/**
	 * Sets how long the client's access and refresh tokens live, from the next token on;
	 * tokens already issued keep the lifetime they were issued with.
	 * @throws InvalidClientMetadataException when a lifetime is outside its bounds
	 */
	@Transactional
	void updateTokenLifetimes(RegisteredClient existing, Duration accessTokenTimeToLive,
			Duration refreshTokenTimeToLive) {
		if (accessTokenTimeToLive.compareTo(MIN_ACCESS_TOKEN_TIME_TO_LIVE) < 0
				|| accessTokenTimeToLive.compareTo(this.maxAccessTokenTimeToLive) > 0) {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					"access_token_time_to_live",
					"the access token lifetime must be between " + DurationText.format(MIN_ACCESS_TOKEN_TIME_TO_LIVE)
							+ " and " + DurationText.format(this.maxAccessTokenTimeToLive)
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
	 * Limits the client to these resource servers, the first being its default audience,
	 * from its next token on; an empty list lets it use every resource server this server
	 * knows.
	 * @throws InvalidClientMetadataException when a resource is not an absolute URI this
	 * server knows
	 */
	@Transactional
	void updateResources(RegisteredClient existing, List<String> resources) {
		this.resourceIndicators.invalidClientResource(resources).ifPresent((reason) -> {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA, RESOURCES,
					reason);
		});
		this.clients.save(RegisteredClient.from(existing)
			.clientSettings(ClientResources.with(existing.getClientSettings(), resources))
			.build());
		this.auditLog.success(AuditEventType.CLIENT_UPDATED, existing.getClientId(), "resources");
	}

	/**
	 * Sets what the client may get by token exchange (RFC 8693), from its next exchange
	 * on; {@link TokenExchangePolicy#NONE} removes its policy.
	 * @throws InvalidClientMetadataException when the policy does not suit the client,
	 * naming the policy's part at fault
	 */
	@Transactional
	public void updateTokenExchangePolicy(RegisteredClient existing, TokenExchangePolicy policy) {
		policy.problemFor(existing, this.resourceIndicators, this.maxAccessTokenTimeToLive).ifPresent((problem) -> {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					problem.field(), problem.message());
		});
		this.clients
			.save(RegisteredClient.from(existing).clientSettings(policy.applyTo(existing.getClientSettings())).build());
		this.auditLog.success(AuditEventType.CLIENT_UPDATED, existing.getClientId(), "token exchange policy");
	}

	/**
	 * A registered client with the secret that is shown this one time.
	 *
	 * @param clientSecret null for a client without a secret
	 */
	public record NewClient(RegisteredClient client, String clientSecret) {
	}

}
