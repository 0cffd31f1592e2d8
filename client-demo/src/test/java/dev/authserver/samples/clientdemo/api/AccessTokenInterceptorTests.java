package dev.authserver.samples.clientdemo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver.clientRegistrationId;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.headerDoesNotExist;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authserver.samples.clientdemo.dpop.DPoPProofSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

/**
 * API calls carry the token the authorized-client manager gives for the signed-in user,
 * in the scheme its type needs.
 */
class AccessTokenInterceptorTests {

	private static final String API = "http://localhost:8081/api/me";

	private final Authentication user = new TestingAuthenticationToken("demo", "n/a");

	private final AtomicReference<OAuth2AuthorizeRequest> authorizeRequest = new AtomicReference<>();

	private OAuth2AccessToken token;

	private MockRestServiceServer api;

	private RestClient restClient;

	@BeforeEach
	void signIn() {
		SecurityContextHolder.getContext().setAuthentication(this.user);
		RestClient.Builder builder = RestClient.builder().requestInterceptor(new AccessTokenInterceptor((request) -> {
			this.authorizeRequest.set(request);
			return new OAuth2AuthorizedClient(registration(), "demo", this.token);
		}, DPoPProofSigner.withNewKey()));
		this.api = MockRestServiceServer.bindTo(builder).build();
		this.restClient = builder.build();
	}

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void apiCallWhenTokenIsDPoPBoundThenDPoPSchemeWithAProofForThisCall() throws Exception {
		this.token = token(OAuth2AccessToken.TokenType.DPOP);
		AtomicReference<String> proof = new AtomicReference<>();
		this.api.expect(requestTo(API))
			.andExpect(header("Authorization", "DPoP the-access-token"))
			.andExpect((request) -> proof.set(request.getHeaders().getFirst("DPoP")))
			.andRespond(withSuccess("{}", MediaType.APPLICATION_JSON));

		this.restClient.get().uri(API).attributes(clientRegistrationId("demo")).retrieve().toBodilessEntity();

		this.api.verify();
		JWTClaimsSet claims = SignedJWT.parse(proof.get()).getJWTClaimsSet();
		assertThat(claims.getStringClaim("htm")).isEqualTo("GET");
		assertThat(claims.getStringClaim("htu")).isEqualTo(API);
		assertThat(claims.getStringClaim("ath")).isNotBlank();
		assertThat(this.authorizeRequest.get().getClientRegistrationId()).isEqualTo("demo");
		assertThat(this.authorizeRequest.get().getPrincipal()).isSameAs(this.user);
	}

	@Test
	void apiCallWhenTokenIsBearerThenBearerSchemeWithoutProof() {
		this.token = token(OAuth2AccessToken.TokenType.BEARER);
		this.api.expect(requestTo(API))
			.andExpect(header("Authorization", "Bearer the-access-token"))
			.andExpect(headerDoesNotExist("DPoP"))
			.andRespond(withSuccess("{}", MediaType.APPLICATION_JSON));

		this.restClient.get().uri(API).attributes(clientRegistrationId("demo")).retrieve().toBodilessEntity();

		this.api.verify();
	}

	private static ClientRegistration registration() {
		return ClientRegistration.withRegistrationId("demo")
			.clientId("demo-web")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri("http://localhost:9000/oauth2/token")
			.build();
	}

	private static OAuth2AccessToken token(OAuth2AccessToken.TokenType type) {
		return new OAuth2AccessToken(type, "the-access-token", Instant.now(), Instant.now().plusSeconds(300));
	}

}
