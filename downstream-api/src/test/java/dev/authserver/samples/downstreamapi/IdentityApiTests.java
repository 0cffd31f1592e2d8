package dev.authserver.samples.downstreamapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.authserver.testsupport.TestJwksServer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfiguration;

/**
 * {@code /api/identity} over real HTTP, trusting a stand-in issuer: an exchanged token
 * for this API shows its {@code sub}, {@code act} and {@code aud}; the token the resource
 * server in front was called with (its own audience) is refused with RFC 6750's 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = IdentityApiTests.StandInIssuer.class)
class IdentityApiTests {

	private static final String AUDIENCE = "http://localhost:8082";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	TestJwksServer issuer;

	@Test
	void getIdentityWithATokenExchangedForThisApiThenItsSubjectActorAndAudience() {
		String token = signed(claims(AUDIENCE).claim("act", Map.of("iss", this.issuer.issuer(), "sub", "demo-api")));

		HttpResponse<String> response = get(token);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response)).isEqualTo(Map.of("sub", "alice", "act",
				Map.of("iss", this.issuer.issuer(), "sub", "demo-api"), "aud", List.of(AUDIENCE)));
	}

	@Test
	void getIdentityWithATokenTheSubjectHoldsItselfThenNoActor() {
		HttpResponse<String> response = get(signed(claims(AUDIENCE)));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response)).containsEntry("sub", "alice").containsEntry("act", null);
	}

	@Test
	void getIdentityWithATokenForTheResourceServerInFrontThenUnauthorizedInvalidToken() {
		HttpResponse<String> response = get(signed(claims("http://localhost:8081")));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("error=\"invalid_token\""));
	}

	@Test
	void getIdentityWithoutATokenThenUnauthorizedWithBearerChallenge() {
		HttpResponse<String> response = get(null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer").doesNotContain("error="));
	}

	private JWTClaimsSet.Builder claims(String audience) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(this.issuer.issuer())
			.subject("alice")
			.audience(audience)
			.claim("client_id", "demo-api")
			.claim("scope", "message.read")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString());
	}

	private String signed(JWTClaimsSet.Builder claims) {
		RSAKey key = this.issuer.signingKey();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
			.type(new JOSEObjectType("at+jwt"))
			.build(), claims.build());
		try {
			jwt.sign(new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private HttpResponse<String> get(String token) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/identity"));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, Object> json(HttpResponse<String> response) {
		try {
			return JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a JSON object: " + response.body(), ex);
		}
	}

	/** The API trusting a stand-in issuer of its own, registered as a bean. */
	static class StandInIssuer implements ApplicationContextInitializer<GenericApplicationContext> {

		@Override
		public void initialize(GenericApplicationContext context) {
			TestJwksServer issuer;
			try {
				issuer = TestJwksServer.start(new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate());
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
			context.registerBean(TestJwksServer.class, () -> issuer);
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("stand-in-issuer",
						Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer.issuer())));
		}

	}

}
