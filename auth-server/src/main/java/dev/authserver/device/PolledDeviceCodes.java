package dev.authserver.device;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;

/**
 * The framework's device code grant, with the {@code slow_down} answer it leaves out
 * ("This error is not handled in the framework", in
 * {@code OAuth2DeviceCodeAuthenticationProvider}): a poll of a pending authorization that
 * comes sooner than the interval after the last one is told {@code slow_down} instead of
 * {@code authorization_pending}. Only pending polls are measured: once the user decided,
 * the device gets its answer at once.
 * <p>
 * A device code presented again after it got its tokens is {@code invalid_grant} (RFC
 * 6749 §5.2), as a used authorization code is: the framework, which marks it used the way
 * it marks a denied one, would answer {@code access_denied}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8628#section-3.5">RFC 8628 §3.5</a>
 */
class PolledDeviceCodes implements AuthenticationProvider {

	static final String AUTHORIZATION_PENDING = "authorization_pending";

	static final String SLOW_DOWN = "slow_down";

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8628#section-3.5";

	private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);

	private final AuthenticationProvider deviceCodes;

	private final OAuth2AuthorizationService authorizations;

	private final JdbcDeviceCodePolls polls;

	PolledDeviceCodes(AuthenticationProvider deviceCodes, OAuth2AuthorizationService authorizations,
			JdbcDeviceCodePolls polls) {
		this.deviceCodes = deviceCodes;
		this.authorizations = authorizations;
		this.polls = polls;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		try {
			return this.deviceCodes.authenticate(authentication);
		}
		catch (OAuth2AuthenticationException ex) {
			String error = ex.getError().getErrorCode();
			if (!AUTHORIZATION_PENDING.equals(error) && !OAuth2ErrorCodes.ACCESS_DENIED.equals(error)) {
				throw ex;
			}
			OAuth2DeviceCodeAuthenticationToken poll = (OAuth2DeviceCodeAuthenticationToken) authentication;
			OAuth2Authorization authorization = this.authorizations.findByToken(poll.getDeviceCode(), DEVICE_CODE);
			if (authorization == null) {
				throw ex;
			}
			if (OAuth2ErrorCodes.ACCESS_DENIED.equals(error) && authorization.getAccessToken() != null) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
			}
			if (AUTHORIZATION_PENDING.equals(error) && this.polls.tooSoon(authorization.getId())) {
				throw new OAuth2AuthenticationException(new OAuth2Error(SLOW_DOWN, null, ERROR_URI));
			}
			throw ex;
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.deviceCodes.supports(authentication);
	}

}
