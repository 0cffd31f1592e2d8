package dev.authserver.tokens;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * The resource servers one client may name with the {@code resource} parameter (RFC
 * 8707), kept in its {@link ClientSettings}, so they are stored with the client's other
 * settings. A client with such a list gets tokens only for those resource servers, and
 * for the first of them when it names none; a client without one may use every resource
 * server this server knows, with the default audience.
 */
public final class ClientResources {

	/**
	 * The key of the list in the client's settings, and so in the stored
	 * {@code client_settings} JSON.
	 */
	static final String SETTING = "settings.client.authserver.resources";

	private ClientResources() {
	}

	/** The client's resource servers, in order; empty when it may use every one. */
	public static List<String> of(RegisteredClient client) {
		return of(client.getClientSettings());
	}

	/**
	 * The resource servers of these settings, in order; empty when the client may use
	 * every one.
	 */
	public static List<String> of(ClientSettings settings) {
		return (settings.getSetting(SETTING) instanceof List<?> resources)
				? resources.stream().map(String::valueOf).toList() : List.of();
	}

	/**
	 * The settings with this list of resource servers; an empty list removes it, so the
	 * client may use every one.
	 */
	public static ClientSettings with(ClientSettings settings, List<String> resources) {
		ClientSettings.Builder builder = ClientSettings.withSettings(settings.getSettings());
		if (resources.isEmpty()) {
			builder.settings((all) -> all.remove(SETTING));
		}
		else {
			// A mutable list: the framework's JSON type allow-list rejects the JDK's
			// immutable collections when the
			// stored settings are read back.
			builder.setting(SETTING, new ArrayList<>(resources));
		}
		return builder.build();
	}

}
