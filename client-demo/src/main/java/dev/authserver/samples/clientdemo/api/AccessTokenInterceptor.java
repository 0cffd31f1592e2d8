package dev.authserver.samples.clientdemo.api;

import java.io.IOException;

import dev.authserver.samples.clientdemo.dpop.DPoPProofSigner;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor.ClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.util.Assert;

/**
 * Puts the access token of the call's client registration on each API call, as its type
 * says: DPoP with a proof, or Bearer. The framework's
 * {@link OAuth2ClientHttpRequestInterceptor} does the same lookup but writes every token
 * as a bearer token, which the API refuses for a DPoP-bound one.
 */
class AccessTokenInterceptor implements ClientHttpRequestInterceptor {

	private final ClientRegistrationIdResolver registrationIds = new RequestAttributeClientRegistrationIdResolver();

	private final OAuth2AuthorizedClientManager authorizedClientManager;

	private final DPoPProofSigner dpop;

	AccessTokenInterceptor(OAuth2AuthorizedClientManager authorizedClientManager, DPoPProofSigner dpop) {
		this.authorizedClientManager = authorizedClientManager;
		this.dpop = dpop;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String registrationId = this.registrationIds.resolve(request);
		Assert.state(registrationId != null, "An API call names the client registration whose token it carries");
		// The signed-in user for their registration; for the machine's, whoever is
		// calling, anonymous included.
		OAuth2AuthorizedClient client = this.authorizedClientManager
			.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
				.principal(SecurityContextHolder.getContext().getAuthentication())
				.build());
		Assert.state(client != null, "The authorized-client manager gave no token for " + registrationId);
		this.dpop.present(client.getAccessToken(), request.getMethod(), request.getURI(), request.getHeaders());
		return execution.execute(request, body);
	}

}
