package dev.authserver.factors;

import java.io.IOException;
import java.time.Clock;

import dev.authserver.protocol.SignInFactors;
import dev.authserver.web.OwnPageRedirectStrategy;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Adds a passed second factor to the signed-in user's authentication, as Spring Security
 * 7's multi-factor sign-in adds a factor to the one before: the same authentication with
 * one more {@link FactorGrantedAuthority}, {@link SignInFactors#OTP_AUTHORITY}, issued
 * now, stored in the session; then back to the request that needed it.
 * <p>
 * The session keeps its id: the password step gave it a new one already, and the
 * session's clients and {@code sid} hang off that id.
 */
class SecondFactorSignIn {

	private final SecurityContextHolderStrategy securityContexts = SecurityContextHolder.getContextHolderStrategy();

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	private final SavedRequestAwareAuthenticationSuccessHandler returnToTheSavedRequest = new SavedRequestAwareAuthenticationSuccessHandler();

	private final Clock clock;

	SecondFactorSignIn(Clock clock) {
		this.clock = clock;
		this.returnToTheSavedRequest.setRedirectStrategy(new OwnPageRedirectStrategy());
	}

	void addFactor(HttpServletRequest request, HttpServletResponse response) {
		Authentication current = this.securityContexts.getContext().getAuthentication();
		Authentication upgraded = current.toBuilder().authorities((authorities) -> {
			authorities.removeIf((authority) -> SignInFactors.OTP_AUTHORITY.equals(authority.getAuthority()));
			authorities.add(FactorGrantedAuthority.withAuthority(SignInFactors.OTP_AUTHORITY)
				.issuedAt(this.clock.instant())
				.build());
		}).build();
		SecurityContext context = this.securityContexts.createEmptyContext();
		context.setAuthentication(upgraded);
		this.securityContexts.setContext(context);
		this.contexts.saveContext(context, request, response);
	}

	/** To the request that needed the second factor, or the home page. */
	void continueToSavedRequest(HttpServletRequest request, HttpServletResponse response)
			throws IOException, ServletException {
		this.returnToTheSavedRequest.onAuthenticationSuccess(request, response,
				this.securityContexts.getContext().getAuthentication());
	}

}
