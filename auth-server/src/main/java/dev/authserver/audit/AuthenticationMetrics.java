package dev.authserver.audit;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Counts sign-ins at the login form and client authentications at the protocol endpoints,
 * by outcome, from the authentication events Spring Security publishes. No user name or
 * client id becomes a tag: failed attempts carry whatever the caller typed.
 */
@Component
class AuthenticationMetrics {

	private final MeterRegistry registry;

	AuthenticationMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/*
	 * Not every AbstractAuthenticationEvent: a form login also publishes an
	 * InteractiveAuthenticationSuccessEvent after its AuthenticationSuccessEvent, which
	 * would count it twice.
	 */
	@EventListener
	void onSuccess(AuthenticationSuccessEvent event) {
		count(event, "success");
	}

	@EventListener
	void onFailure(AbstractAuthenticationFailureEvent event) {
		count(event, "failure");
	}

	private void count(AbstractAuthenticationEvent event, String outcome) {
		if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken) {
			this.registry.counter("authserver.logins", "outcome", outcome).increment();
		}
		else if (event.getAuthentication() instanceof OAuth2ClientAuthenticationToken) {
			this.registry.counter("authserver.client.authentications", "outcome", outcome).increment();
		}
	}

}
