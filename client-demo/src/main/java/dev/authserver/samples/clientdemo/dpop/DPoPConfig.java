package dev.authserver.samples.clientdemo.dpop;

import dev.authserver.samples.clientdemo.ClientDemoProperties;
import dev.authserver.samples.clientdemo.mtls.MutualTls;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.RequestEntity;
import org.springframework.security.oauth2.client.endpoint.AbstractRestClientOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequestEntityConverter;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * DPoP in the OAuth2 client: Spring Security 7 has no client side of RFC 9449, so the
 * framework's own token response clients get a proof header, and UserInfo gets the token
 * as its type says. Spring Security picks these beans up by their types, for the sign-in
 * and for the authorized-client manager (client credentials, refresh).
 */
@Configuration(proxyBeanMethods = false)
class DPoPConfig {

	@Bean
	DPoPProofSigner dpopProofSigner() {
		return DPoPProofSigner.withNewKey();
	}

	@Bean
	OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> authorizationCodeTokenResponseClient(
			DPoPProofSigner dpop, ClientDemoProperties properties) {
		return withProofs(new RestClientAuthorizationCodeTokenResponseClient(), dpop, properties);
	}

	@Bean
	OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refreshTokenTokenResponseClient(
			DPoPProofSigner dpop, ClientDemoProperties properties) {
		return withProofs(new RestClientRefreshTokenTokenResponseClient(), dpop, properties);
	}

	/**
	 * A registration that authenticates with a client certificate gets its token over
	 * mutual TLS and bound to the certificate, without a proof; the others as above.
	 */
	@Bean
	OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> clientCredentialsTokenResponseClient(
			DPoPProofSigner dpop, ClientDemoProperties properties, MutualTls mutualTls) {
		return mutualTls.clientCredentialsTokenResponseClient(
				withProofs(new RestClientClientCredentialsTokenResponseClient(), dpop, properties));
	}

	/**
	 * Reads UserInfo at sign-in and after each refresh with the access token presented as
	 * its type says: the auth-server refuses a DPoP-bound token sent as a bearer token.
	 */
	@Bean
	OAuth2UserService<OidcUserRequest, OidcUser> oidcUserService(DPoPProofSigner dpop) {
		OAuth2UserRequestEntityConverter bearerRequests = new OAuth2UserRequestEntityConverter();
		DefaultOAuth2UserService userInfo = new DefaultOAuth2UserService();
		userInfo.setRequestEntityConverter((userRequest) -> {
			RequestEntity<?> request = bearerRequests.convert(userRequest);
			HttpHeaders headers = HttpHeaders.copyOf(request.getHeaders());
			dpop.present(userRequest.getAccessToken(), request.getMethod(), request.getUrl(), headers);
			return new RequestEntity<>(request.getBody(), headers, request.getMethod(), request.getUrl());
		});
		OidcUserService users = new OidcUserService();
		users.setOauth2UserService(userInfo);
		return users;
	}

	private static <T extends AbstractRestClientOAuth2AccessTokenResponseClient<?>> T withProofs(T client,
			DPoPProofSigner dpop, ClientDemoProperties properties) {
		if (properties.dpop().enabled()) {
			client.addHeadersConverter(dpop::tokenRequestHeaders);
		}
		return client;
	}

}
