package dev.authserver.config;

import dev.authserver.account.AccountPages;
import dev.authserver.factors.SecondFactorAuthorization;
import dev.authserver.passkeys.PasskeySignIn;
import dev.authserver.protocol.SignInFactors;
import dev.authserver.protocol.SignInSessionStrategy;
import dev.authserver.sessions.FrontChannelLogoutPage;
import dev.authserver.sessions.SessionEndingLogoutHandler;
import dev.authserver.web.OwnPageRedirectStrategy;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The filter chain of everything that is not a protocol endpoint: the login form, the
 * consent and error pages, static files, and the headers that protect those pages.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfig {

	/**
	 * Scripts and styles come only from our own origin (no inline code anywhere), so the
	 * policy needs no nonces. There is deliberately no {@code form-action}: browsers
	 * apply it to the redirect after the consent form, which goes to the client's own
	 * origin.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

	@Bean
	@Order(3)
	SecurityFilterChain webSecurityFilterChain(HttpSecurity http, ApplicationEventPublisher events,
			SessionEndingLogoutHandler sessionEnding, PasskeySignIn passkeys, SecondFactorAuthorization secondFactor) {
		// A user who owes a second factor reaches its step and enrolment only, until
		// they pass it.
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers("/login", "/error", "/css/**", "/js/**", "/favicon.ico", FrontChannelLogoutPage.PATH)
			.permitAll()
			.requestMatchers(AccountPages.PUBLIC_PATHS)
			.permitAll()
			.requestMatchers(PasskeySignIn.FRAMEWORK_REGISTRATION)
			.denyAll()
			.requestMatchers(SecondFactorAuthorization.OPEN_BEFORE_SECOND_FACTOR.toArray(String[]::new))
			.authenticated()
			.requestMatchers("/admin/**")
			.access(AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasRole("ADMIN"), secondFactor.pages()))
			.anyRequest()
			.access(secondFactor.pages()));
		http.exceptionHandling((exceptions) -> exceptions
			.defaultDeniedHandlerForMissingAuthority(secondFactor.secondStep(), SignInFactors.OTP_AUTHORITY));
		http.csrf((csrf) -> csrf.csrfTokenRepository(new PageSessionCsrfTokenRepository()));
		http.formLogin((form) -> form.loginPage("/login").successHandler(returnToTheSavedRequest()));
		passkeys.configure(http);
		// A sign-in as someone else than the session's user starts a new session.
		http.sessionManagement((sessions) -> sessions
			.sessionAuthenticationStrategy(new SignInSessionStrategy(events, sessionEnding::endReplaced)));
		// The session ends everywhere first: its refresh tokens, its clients told.
		http.logout((logout) -> logout.addLogoutHandler(sessionEnding)
			.logoutSuccessHandler(FrontChannelLogoutPage.afterSignOut(CONTENT_SECURITY_POLICY)));
		http.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		return http.build();
	}

	/**
	 * After sign-in, back to the request that needed it (or the home page), by its path:
	 * see {@link OwnPageRedirectStrategy}.
	 */
	private static AuthenticationSuccessHandler returnToTheSavedRequest() {
		SavedRequestAwareAuthenticationSuccessHandler handler = new SavedRequestAwareAuthenticationSuccessHandler();
		handler.setRedirectStrategy(new OwnPageRedirectStrategy());
		return handler;
	}

}
