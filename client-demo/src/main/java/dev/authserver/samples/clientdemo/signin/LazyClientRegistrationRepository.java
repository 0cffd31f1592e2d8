package dev.authserver.samples.clientdemo.signin;

import java.util.Map;

import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientPropertiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The client registrations of Boot's {@code spring.security.oauth2.client.*} properties,
 * read from the issuer's discovery document on first use instead of at start-up, so the
 * demo starts (and shows a friendly page) while the auth-server is still down. A failed
 * discovery is tried again on the next request.
 */
class LazyClientRegistrationRepository implements ClientRegistrationRepository {

	private final OAuth2ClientProperties properties;

	private volatile Map<String, ClientRegistration> registrations;

	LazyClientRegistrationRepository(OAuth2ClientProperties properties) {
		this.properties = properties;
	}

	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		return registrations().get(registrationId);
	}

	private Map<String, ClientRegistration> registrations() {
		Map<String, ClientRegistration> loaded = this.registrations;
		if (loaded == null) {
			try {
				loaded = Map.copyOf(new OAuth2ClientPropertiesMapper(this.properties).asClientRegistrations());
			}
			catch (RuntimeException ex) {
				throw new AuthorizationServerUnavailableException(ex);
			}
			this.registrations = loaded;
		}
		return loaded;
	}

}
