package dev.authserver.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refuses request objects (OpenID Connect Core §6), by value ({@code request}) or by
 * reference ({@code request_uri}), with {@code request_not_supported} and
 * {@code request_uri_not_supported} back at the client, as §6.3 and the metadata's
 * {@code request_parameter_supported: false} and
 * {@code request_uri_parameter_supported: false} say: this server verifies no signed
 * request objects yet. Otherwise the framework would ignore {@code request}, so the
 * client's signed parameters would silently not apply, and would take every
 * {@code request_uri} for a pushed authorization request (RFC 9126), which this server
 * does not offer: it ignores the query's {@code redirect_uri} and {@code state} then, and
 * answers on the error page what belongs to the client.
 * <p>
 * So the framework's converter reads the request with {@code request_uri} hidden
 * ({@link #converter}), and a marker says it was there; the refusal itself runs among the
 * request checks, once the client and its redirect URI are known good, so that it can go
 * back to the client.
 *
 * @see <a href= "https://openid.net/specs/openid-connect-core-1_0.html#AuthError">OpenID
 * Connect Core §3.1.2.6</a>
 */
final class RequestObjectsRefused implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private static final String REQUEST = "request";

	/**
	 * Not a parameter name: its value is not a string, which no client can send.
	 */
	private static final String REQUEST_URI_SENT = RequestObjectsRefused.class.getName() + ".request_uri";

	/**
	 * The framework's authorization request converter, reading the request as if it had
	 * no {@code request_uri} and marking those that had one.
	 */
	static AuthenticationConverter converter(AuthenticationConverter framework) {
		return (request) -> {
			if (request.getParameter(OAuth2ParameterNames.REQUEST_URI) == null) {
				return framework.convert(request);
			}
			Authentication converted = framework.convert(new WithoutRequestUri(request));
			if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorization)) {
				return converted;
			}
			Map<String, Object> parameters = new HashMap<>(authorization.getAdditionalParameters());
			parameters.put(REQUEST_URI_SENT, Boolean.TRUE);
			return new OAuth2AuthorizationCodeRequestAuthenticationToken(authorization.getAuthorizationUri(),
					authorization.getClientId(), (Authentication) authorization.getPrincipal(),
					authorization.getRedirectUri(), authorization.getState(), authorization.getScopes(), parameters);
		};
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		Map<String, Object> parameters = request.getAdditionalParameters();
		if (Boolean.TRUE.equals(parameters.get(REQUEST_URI_SENT))) {
			throw refusal(request, "request_uri_not_supported", "request_uri is not supported");
		}
		if (parameters.containsKey(REQUEST)) {
			throw refusal(request, "request_not_supported", "request objects are not supported");
		}
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationException refusal(
			OAuth2AuthorizationCodeRequestAuthenticationToken request, String errorCode, String description) {
		return new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(errorCode, description, null),
				request);
	}

	/**
	 * The request without its {@code request_uri} parameter; the framework reads
	 * parameters through {@link #getParameterMap()} only.
	 */
	private static final class WithoutRequestUri extends HttpServletRequestWrapper {

		private WithoutRequestUri(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			Map<String, String[]> parameters = new HashMap<>(super.getParameterMap());
			parameters.remove(OAuth2ParameterNames.REQUEST_URI);
			return parameters;
		}

		@Override
		public String getParameter(String name) {
			return OAuth2ParameterNames.REQUEST_URI.equals(name) ? null : super.getParameter(name);
		}

		@Override
		public String[] getParameterValues(String name) {
			return OAuth2ParameterNames.REQUEST_URI.equals(name) ? null : super.getParameterValues(name);
		}

	}

}
