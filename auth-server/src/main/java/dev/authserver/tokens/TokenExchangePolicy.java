package dev.authserver.tokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * What a client with the token exchange grant (RFC 8693) may get for a token it presents,
 * kept in its {@link ClientSettings}, so it is stored with the client's other settings:
 * set by an operator (declared clients, the console), never by the client itself.
 *
 * @param audiences the resource servers the client may exchange tokens for, the first
 * being the audience when the request names none; none lets it exchange for nothing
 * @param impersonation whether the client may exchange a token without an actor token,
 * getting a token for the subject alone with no {@code act} claim (RFC 8693 §1.1)
 * @param scopes the most the new token may carry, and never more than the subject token
 * had
 * @param accessTokenTimeToLive how long the new token lives, at most and never past the
 * subject token's expiry; null for the client's access token lifetime
 */
public record TokenExchangePolicy(List<String> audiences, boolean impersonation, Set<String> scopes,
		Duration accessTokenTimeToLive) {

	/** The keys of the policy in the client's settings, and so in the stored JSON. */
	static final String AUDIENCES = "settings.client.authserver.token-exchange.audiences";

	static final String IMPERSONATION = "settings.client.authserver.token-exchange.impersonation";

	static final String SCOPES = "settings.client.authserver.token-exchange.scopes";

	/**
	 * ISO-8601 text ({@code PT5M}): the framework's JSON type allow-list refuses a
	 * {@code Long} when the stored settings are read back.
	 */
	static final String ACCESS_TOKEN_TIME_TO_LIVE = "settings.client.authserver.token-exchange.access-token-time-to-live";

	private static final Duration MIN_TIME_TO_LIVE = Duration.ofMinutes(1);

	/** A policy that allows nothing. */
	public static final TokenExchangePolicy NONE = new TokenExchangePolicy(List.of(), false, Set.of(), null);

	public TokenExchangePolicy {
		audiences = List.copyOf(new LinkedHashSet<>(audiences));
		scopes = Set.copyOf(scopes);
	}

	/** The client's policy; {@link #NONE} when it has none. */
	public static TokenExchangePolicy of(RegisteredClient client) {
		ClientSettings settings = client.getClientSettings();
		return new TokenExchangePolicy(strings(settings.getSetting(AUDIENCES)),
				Boolean.TRUE.equals(settings.getSetting(IMPERSONATION)),
				new LinkedHashSet<>(strings(settings.getSetting(SCOPES))),
				(settings.getSetting(ACCESS_TOKEN_TIME_TO_LIVE) instanceof String lifetime) ? Duration.parse(lifetime)
						: null);
	}

	/** The settings with this policy; {@link #NONE} removes it. */
	public ClientSettings applyTo(ClientSettings settings) {
		ClientSettings.Builder builder = ClientSettings.withSettings(settings.getSettings());
		builder.settings((all) -> {
			all.remove(AUDIENCES);
			all.remove(IMPERSONATION);
			all.remove(SCOPES);
			all.remove(ACCESS_TOKEN_TIME_TO_LIVE);
			if (equals(NONE)) {
				return;
			}
			// Mutable lists: the framework's JSON type allow-list rejects the JDK's
			// immutable collections when the stored settings are read back.
			all.put(AUDIENCES, new ArrayList<>(this.audiences));
			all.put(IMPERSONATION, this.impersonation);
			all.put(SCOPES, new ArrayList<>(this.scopes.stream().sorted().toList()));
			if (this.accessTokenTimeToLive != null) {
				all.put(ACCESS_TOKEN_TIME_TO_LIVE, this.accessTokenTimeToLive.toString());
			}
		});
		return builder.build();
	}

	/**
	 * Why the policy does not suit this client, or empty when it does: each audience a
	 * resource server this server knows, each scope one of the client's, the lifetime
	 * from a minute to the longest a token may live.
	 * @param maxAccessTokenTimeToLive {@code authserver.keys.max-token-lifetime}
	 */
	public Optional<Problem> problemFor(RegisteredClient client, ResourceIndicators resources,
			Duration maxAccessTokenTimeToLive) {
		Optional<String> audience = resources.invalidClientResource(this.audiences);
		if (audience.isPresent()) {
			return Optional.of(new Problem("audiences", audience.get()));
		}
		for (String scope : this.scopes) {
			if (!client.getScopes().contains(scope)) {
				return Optional.of(new Problem("scopes", "scope " + scope + " is not one of the client's scopes"));
			}
		}
		if (this.accessTokenTimeToLive != null && (this.accessTokenTimeToLive.compareTo(MIN_TIME_TO_LIVE) < 0
				|| this.accessTokenTimeToLive.compareTo(maxAccessTokenTimeToLive) > 0)) {
			return Optional.of(new Problem("accessTokenTimeToLive",
					"the lifetime must be between " + MIN_TIME_TO_LIVE.toMinutes() + " minute and "
							+ maxAccessTokenTimeToLive.toMinutes() + " minutes (authserver.keys.max-token-lifetime)"));
		}
		return Optional.empty();
	}

	/**
	 * What is wrong with a policy.
	 *
	 * @param field the policy's part at fault: {@code audiences}, {@code scopes} or
	 * {@code accessTokenTimeToLive}
	 * @param message a sentence for the operator
	 */
	public record Problem(String field, String message) {
	}

	private static List<String> strings(Object value) {
		return (value instanceof List<?> list) ? list.stream().map(String::valueOf).toList() : List.of();
	}

}
