package dev.authserver.exchange;

import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2TokenExchangeAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads token exchange requests with the framework's converter, and also those whose
 * subject token is an ID token of ours
 * ({@code urn:ietf:params:oauth:token-type:id_token}, RFC 8693 §3), which it knows no
 * type for. A token type this server cannot take or issue is refused with
 * {@code invalid_request}, as RFC 8693 §2.2.2 says, where the framework answers
 * {@code unsupported_token_type}, an error of revocation (RFC 7009).
 */
class TokenExchangeRequestConverter implements AuthenticationConverter {

	static final String ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";

	static final String JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";

	private final OAuth2TokenExchangeAuthenticationConverter delegate = new OAuth2TokenExchangeAuthenticationConverter();

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!AuthorizationGrantType.TOKEN_EXCHANGE.getValue()
			.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
			return null;
		}
		String[] subjectTokenTypes = request.getParameterValues(OAuth2ParameterNames.SUBJECT_TOKEN_TYPE);
		boolean idToken = subjectTokenTypes != null && subjectTokenTypes.length == 1
				&& ID_TOKEN_TYPE.equals(subjectTokenTypes[0]);
		try {
			Authentication converted = this.delegate.convert(idToken ? new IdTokenAsJwt(request) : request);
			if (idToken && converted instanceof OAuth2TokenExchangeAuthenticationToken exchange) {
				return new OAuth2TokenExchangeAuthenticationToken(exchange.getRequestedTokenType(),
						exchange.getSubjectToken(), ID_TOKEN_TYPE, (Authentication) exchange.getPrincipal(),
						exchange.getActorToken(), exchange.getActorTokenType(), exchange.getResources(),
						exchange.getAudiences(), exchange.getScopes(), exchange.getAdditionalParameters());
			}
			return converted;
		}
		catch (OAuth2AuthenticationException ex) {
			if (!OAuth2ErrorCodes.UNSUPPORTED_TOKEN_TYPE.equals(ex.getError().getErrorCode())) {
				throw ex;
			}
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					ex.getError().getDescription() + ": this server takes access tokens and ID tokens, and issues "
							+ "access tokens (urn:ietf:params:oauth:token-type:access_token or " + JWT_TOKEN_TYPE + ")",
					"https://www.rfc-editor.org/rfc/rfc8693#section-2.2.2"));
		}
	}

	/**
	 * The request with its ID token's type as one the framework's converter accepts; the
	 * token is then looked up as an ID token all the same.
	 */
	private static final class IdTokenAsJwt extends HttpServletRequestWrapper {

		IdTokenAsJwt(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getParameter(String name) {
			return OAuth2ParameterNames.SUBJECT_TOKEN_TYPE.equals(name) ? JWT_TOKEN_TYPE : super.getParameter(name);
		}

		@Override
		public String[] getParameterValues(String name) {
			return OAuth2ParameterNames.SUBJECT_TOKEN_TYPE.equals(name) ? new String[] { JWT_TOKEN_TYPE }
					: super.getParameterValues(name);
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			Map<String, String[]> parameters = new HashMap<>(super.getParameterMap());
			parameters.put(OAuth2ParameterNames.SUBJECT_TOKEN_TYPE, new String[] { JWT_TOKEN_TYPE });
			return parameters;
		}

	}

}
