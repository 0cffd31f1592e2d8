package dev.authserver.passkeys;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;

/**
 * Adds passkeys to the login page's filter chain with Spring Security's
 * {@code webAuthn()}: the options endpoints ({@code POST /webauthn/authenticate/options},
 * {@code POST /webauthn/register/options}) and the sign-in
 * ({@code POST /login/webauthn}).
 * <p>
 * The sign-in filter is adjusted to behave as the password form does: our
 * {@link PasskeyAuthenticationProvider}, the authentication events the audit log and the
 * session notes listen to, the chain's session strategy (a new session id, and a new
 * session for another user) and security context repository, and a redirect to our own
 * pages only. The framework leaves the strategy out, so without it a passkey sign-in
 * would keep the session id it was given before.
 * <p>
 * The framework's registration endpoints ({@code POST /webauthn/register}, {@code DELETE
 * /webauthn/register/{id}}) are refused: the account page registers and removes passkeys,
 * with the label checked, the change audited and the other sessions ended.
 */
public final class PasskeySignIn {

	/**
	 * The framework's registration and removal requests, which the chain refuses; its
	 * registration options ({@code POST /webauthn/register/options}) stay.
	 */
	public static final RequestMatcher FRAMEWORK_REGISTRATION = new OrRequestMatcher(
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/webauthn/register"),
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.DELETE, "/webauthn/register/{id}"));

	private final PasskeyAuthenticationProvider provider;

	private final AuthenticationEventPublisher events;

	private final SessionCreationOptionsRepository creationOptions;

	PasskeySignIn(PasskeyAuthenticationProvider provider, AuthenticationEventPublisher events,
			SessionCreationOptionsRepository creationOptions) {
		this.provider = provider;
		this.events = events;
		this.creationOptions = creationOptions;
	}

	public void configure(HttpSecurity http) {
		ProviderManager manager = new ProviderManager(this.provider);
		manager.setAuthenticationEventPublisher(this.events);
		// The relying party id, name and origins are those of the
		// WebAuthnRelyingPartyOperations bean, which the configurer uses when there is
		// one.
		http.webAuthn((webAuthn) -> webAuthn.disableDefaultRegistrationPage(true)
			.creationOptionsRepository(this.creationOptions)
			.withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {

				@Override
				public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
					filter.setAuthenticationManager(manager);
					filter.setAuthenticationSuccessHandler(new PasskeySignInSuccessHandler());
					filter.setSessionAuthenticationStrategy(http.getSharedObject(SessionAuthenticationStrategy.class));
					filter.setSecurityContextRepository(http.getSharedObject(SecurityContextRepository.class));
					return filter;
				}

			}));
	}

}
