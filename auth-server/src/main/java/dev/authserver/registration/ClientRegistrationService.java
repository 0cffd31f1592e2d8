package dev.authserver.registration;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import dev.authserver.clients.ClientAdministration;
import dev.authserver.clients.ClientAdministration.NewClient;
import dev.authserver.clients.ClientMetadata;
import dev.authserver.clients.ClientMetadataValidator;
import dev.authserver.clients.InvalidClientMetadataException;
import dev.authserver.keys.OpaqueTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the registration endpoint does beyond the client model: it spends initial access
 * tokens and issues registration access tokens (256 random bits, returned once and stored
 * only as hashes), and leaves validation, mapping and secrets to
 * {@link ClientAdministration}.
 */
class ClientRegistrationService {

	private static final Logger log = LoggerFactory.getLogger(ClientRegistrationService.class);

	private static final String REGISTRATION_TOKEN_PREFIX = "rat_";

	private final ClientAdministration administration;

	private final JdbcRegisteredClientRepository clients;

	private final JdbcInitialAccessTokenRepository initialAccessTokens;

	private final JdbcClientRegistrationRepository registrations;

	private final Set<String> defaultScopes;

	private final Clock clock;

	/**
	 * @param defaultScopes the scopes a client may have when its initial access token
	 * lists none ({@code authserver.scopes.registration-default})
	 */
	ClientRegistrationService(ClientAdministration administration, JdbcRegisteredClientRepository clients,
			JdbcInitialAccessTokenRepository initialAccessTokens, JdbcClientRegistrationRepository registrations,
			Set<String> defaultScopes, Clock clock) {
		this.administration = administration;
		this.clients = clients;
		this.initialAccessTokens = initialAccessTokens;
		this.registrations = registrations;
		this.defaultScopes = Set.copyOf(defaultScopes);
		this.clock = clock;
	}

	/**
	 * Registers a client with an initial access token, whose use is counted in the same
	 * transaction that stores the client: refused metadata rolls the count back, so it
	 * does not use up a single-use token.
	 * @param token a token the security filter chain found usable
	 * @throws InvalidInitialAccessTokenException when another request took the token's
	 * last use meanwhile
	 */
	@Transactional
	Registration register(InitialAccessToken token, ClientMetadata request) {
		refuseTokenExchange(request, null);
		if (!this.initialAccessTokens.consume(token.id(), this.clock.instant())) {
			throw new InvalidInitialAccessTokenException();
		}
		NewClient registered = this.administration.register(request, allowedScopes(token), token.allowedGrantTypes(),
				"initial access token " + token.id());
		String registrationAccessToken = OpaqueTokens.generate(REGISTRATION_TOKEN_PREFIX);
		this.registrations.save(registered.client().getId(), registrationAccessToken, token.id());
		log.info("Registered client {} with initial access token {}", registered.client().getClientId(), token.id());
		return new Registration(registered.client(), registered.clientSecret(), registrationAccessToken);
	}

	/**
	 * The client a registration access token belongs to, if it is that client's current
	 * token.
	 */
	Optional<RegisteredClient> findByRegistrationAccessToken(String clientId, String registrationAccessToken) {
		return this.registrations.findRegisteredClientId(registrationAccessToken)
			.map(this.clients::findById)
			.filter((client) -> client.getClientId().equals(clientId));
	}

	/**
	 * Issues a new registration access token for the client; the old one stops working
	 * (RFC 7592 §3 allows this on every read and update, and a hashed token cannot be
	 * given back).
	 */
	@Transactional
	String renewRegistrationAccessToken(RegisteredClient client) {
		String token = OpaqueTokens.generate(REGISTRATION_TOKEN_PREFIX);
		this.registrations.saveRegistrationAccessToken(client.getId(), token);
		return token;
	}

	/**
	 * Replaces the client's metadata (RFC 7592 §2.2) within the scopes and grant types of
	 * the initial access token it was registered with.
	 * @return the new secret, or null when the client keeps its secret or has none
	 */
	String replace(RegisteredClient existing, ClientMetadata request) {
		refuseTokenExchange(request, existing);
		Optional<InitialAccessToken> token = this.initialAccessTokens.findByRegisteredClientId(existing.getId());
		return this.administration.replace(existing, request, token.map(this::allowedScopes).orElse(Set.of()),
				token.map(InitialAccessToken::allowedGrantTypes).orElse(Set.of()));
	}

	/**
	 * The token exchange grant needs a policy that an operator sets (which audiences,
	 * impersonation), which no registration metadata can carry, so a client cannot give
	 * itself the grant; one that an administrator gave it keeps it through its updates.
	 */
	private static void refuseTokenExchange(ClientMetadata request, RegisteredClient existing) {
		if (request.grantTypes() != null && request.grantTypes().contains(ClientMetadataValidator.TOKEN_EXCHANGE)
				&& (existing == null
						|| !existing.getAuthorizationGrantTypes().contains(AuthorizationGrantType.TOKEN_EXCHANGE))) {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					"grant type " + ClientMetadataValidator.TOKEN_EXCHANGE
							+ " is given by an administrator only, with its policy, not through registration");
		}
	}

	/**
	 * A token that lists no scopes allows the default ones, not every scope this server
	 * knows: an administrator hands it to a third party, who would otherwise be free to
	 * give a client credentials client the API's most powerful scopes.
	 */
	private Set<String> allowedScopes(InitialAccessToken token) {
		return token.allowedScopes().isEmpty() ? this.defaultScopes : token.allowedScopes();
	}

	/**
	 * Read once the change committed: the cached client is replaced when the transaction
	 * ends.
	 */
	RegisteredClient findById(String id) {
		return this.clients.findById(id);
	}

	void delete(RegisteredClient existing) {
		this.administration.delete(existing);
	}

	/**
	 * A registered client with the secrets that are shown this one time.
	 *
	 * @param clientSecret null for a client without a secret
	 */
	record Registration(RegisteredClient client, String clientSecret, String registrationAccessToken) {
	}

}
