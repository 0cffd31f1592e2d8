package dev.authserver.factors;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import dev.authserver.protocol.SignInFactors;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.authorization.RequiredFactor;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.util.StringUtils;

/**
 * Holds a password sign-in to the second factor it owes, with Spring Security 7's
 * multi-factor parts: the authorization managers here answer a
 * {@link FactorAuthorizationDecision} missing {@link SignInFactors#OTP_AUTHORITY} when a
 * signed-in user must pass a second factor and has not, and the filter chains map that
 * missing authority to {@link #secondStep()} (its
 * {@code DelegatingMissingAuthorityAccessDeniedHandler} saves the request, which comes
 * back after the code).
 * <p>
 * A second factor is owed by a user who has one or whom an admin requires to have one (by
 * name or role); at the authorization endpoint also to a client an admin requires it for,
 * and to a request whose {@code acr_values} ask for {@link SignInFactors#MFA_ACR}: a
 * session with the password only then gets the second step (a step-up), not a new
 * sign-in. Only user sign-ins are judged: client and bearer authentications carry no
 * password factor, so the token endpoint does no work here.
 */
public class SecondFactorAuthorization {

	/** The second step of a sign-in. */
	public static final String SECOND_STEP_PATH = "/login/second-factor";

	/** The account page that enrols a one-time-code authenticator. */
	public static final String ENROLMENT_PATH = "/account/two-factor";

	/** What a user who owes a second factor may reach before passing it. */
	public static final List<String> OPEN_BEFORE_SECOND_FACTOR = List.of(SECOND_STEP_PATH, ENROLMENT_PATH,
			ENROLMENT_PATH + "/**", "/logout");

	private static final String ACR_VALUES = "acr_values";

	private static final RequiredFactor OTP = RequiredFactor.withAuthority(SignInFactors.OTP_AUTHORITY).build();

	private final AuthorizationManager<Object> authenticated = AuthenticatedAuthorizationManager.authenticated();

	private final SecondFactors factors;

	SecondFactorAuthorization(SecondFactors factors) {
		this.factors = factors;
	}

	/** For the pages: signed in, with the second factor the user owes. */
	public AuthorizationManager<RequestAuthorizationContext> pages() {
		return (authentication, context) -> decide(authentication, context, false);
	}

	/**
	 * For the protocol endpoints: as {@link #pages()}, and at the authorization endpoint
	 * also what the client and the request ask.
	 */
	public AuthorizationManager<RequestAuthorizationContext> protocolEndpoints() {
		return (authentication, context) -> decide(authentication, context, true);
	}

	/**
	 * Where a user who owes a second factor goes: its step, or the enrolment page for a
	 * user required to have one who has none.
	 */
	public AuthenticationEntryPoint secondStep() {
		return this::commence;
	}

	private AuthorizationResult decide(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context, boolean protocol) {
		AuthorizationResult signedIn = this.authenticated.authorize(authentication, context);
		if (signedIn == null || !signedIn.isGranted()) {
			return signedIn;
		}
		Authentication user = authentication.get();
		if (!isPasswordSignIn(user) || SignInFactors.hasSecondFactor(user)) {
			return new AuthorizationDecision(true);
		}
		boolean owed = (protocol && requestAsks(context.getRequest())) || this.factors.isRequired(user.getName());
		return owed ? new FactorAuthorizationDecision(List.of(RequiredFactorError.createMissing(OTP)))
				: new AuthorizationDecision(true);
	}

	/**
	 * What the validated authorization request asks (the framework hands it over in a
	 * request attribute before this check; a request object's or pushed request's
	 * parameters are in it): {@code acr_values} with the mfa value, or a client that
	 * requires a second factor.
	 */
	private boolean requestAsks(HttpServletRequest request) {
		Object validated = request.getAttribute(OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName());
		if (!(validated instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest)) {
			return false;
		}
		if (authorizationRequest.getAdditionalParameters().get(ACR_VALUES) instanceof String acrValues
				&& Set.of(StringUtils.tokenizeToStringArray(acrValues, " ")).contains(SignInFactors.MFA_ACR)) {
			return true;
		}
		return this.factors.isRequiredByClient(authorizationRequest.getClientId());
	}

	private static boolean isPasswordSignIn(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(authority.getAuthority()));
	}

	private void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		String username = (request.getUserPrincipal() != null) ? request.getUserPrincipal().getName() : null;
		boolean enrolled = username != null && this.factors.isEnrolled(username);
		response.sendRedirect(request.getContextPath() + (enrolled ? SECOND_STEP_PATH : ENROLMENT_PATH));
	}

}
