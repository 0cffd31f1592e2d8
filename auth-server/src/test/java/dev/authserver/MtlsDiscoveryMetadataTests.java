package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import dev.authserver.mtls.MtlsListener;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The metadata members of mutual TLS (RFC 8705 §3.3, §5), in both documents of a server
 * with mutual TLS on, each checked against behaviour as DiscoveryMetadataTruthTests
 * checks the others: every alias is served by the mTLS listener, and tokens requested
 * there with a certificate are bound to it.
 */
@MtlsServerTest
@SuppressWarnings("unchecked")
class MtlsDiscoveryMetadataTests {

	@Value("${spring.security.oauth2.authorizationserver.issuer}")
	String issuer;

	@Autowired
	MtlsListener listener;

	@Test
	void metadataWhenMutualTlsIsOnThenBothDocumentsAdvertiseTheAliasesAndBoundTokens() {
		Map<String, Object> openId = document("/.well-known/openid-configuration");
		Map<String, Object> oauth = document("/.well-known/oauth-authorization-server");
		Set<String> oauthMembers = new HashSet<>(DiscoveryMetadataTruthTests.SHARED_MEMBERS);
		oauthMembers.addAll(DiscoveryMetadataTruthTests.MTLS_MEMBERS);
		Set<String> openIdMembers = new HashSet<>(oauthMembers);
		openIdMembers.addAll(DiscoveryMetadataTruthTests.OPENID_MEMBERS);

		assertThat(oauth.keySet()).containsExactlyInAnyOrderElementsOf(oauthMembers);
		assertThat(openId.keySet()).containsExactlyInAnyOrderElementsOf(openIdMembers);
		String base = "https://localhost:" + this.listener.port();
		Map<String, Object> aliases = new LinkedHashMap<>();
		aliases.put("token_endpoint", base + "/oauth2/token");
		aliases.put("revocation_endpoint", base + "/oauth2/revoke");
		aliases.put("introspection_endpoint", base + "/oauth2/introspect");
		aliases.put("device_authorization_endpoint", base + "/oauth2/device_authorization");
		aliases.put("pushed_authorization_request_endpoint", base + "/oauth2/par");
		aliases.put("userinfo_endpoint", base + "/userinfo");
		for (Map<String, Object> document : List.of(openId, oauth)) {
			assertThat((Map<String, Object>) document.get("mtls_endpoint_aliases"))
				.containsExactlyInAnyOrderEntriesOf(aliases);
			assertThat(document).containsEntry("tls_client_certificate_bound_access_tokens", true);
		}
	}

	@Test
	void aliasesWhenCalledOverTheListenerThenEachAnswersAsTheEndpointItAliases() throws Exception {
		Map<String, Object> aliases = (Map<String, Object>) document("/.well-known/openid-configuration")
			.get("mtls_endpoint_aliases");
		TestPki.Credential certificate = TestPki.selfSigned("CN=alias caller").issue();
		HttpExchange http = HttpExchange.to(this.issuer,
				certificate.sslContext(MtlsServerInitializer.SERVER_AUTHORITY.certificate()));

		HttpResponse<String> token = http.postFormAsClient((String) aliases.get("token_endpoint"),
				Map.of("grant_type", "client_credentials", "scope", "message.read"), TestClients.MACHINE_CLIENT_ID,
				TestClients.MACHINE_CLIENT_SECRET);
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		String accessToken = (String) HttpExchange.json(token).get("access_token");
		assertThat(SignedJWT.parse(accessToken).getJWTClaimsSet().getIssuer()).isEqualTo(this.issuer);
		HttpResponse<String> introspection = http.postFormAsClient((String) aliases.get("introspection_endpoint"),
				Map.of("token", accessToken), TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
		assertThat(introspection.statusCode()).isEqualTo(200);
		assertThat(HttpExchange.json(introspection)).containsEntry("active", true);
		HttpResponse<String> revocation = http.postFormAsClient((String) aliases.get("revocation_endpoint"),
				Map.of("token", accessToken), TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
		assertThat(revocation.statusCode()).isEqualTo(200);
		HttpResponse<String> revoked = http.postFormAsClient((String) aliases.get("introspection_endpoint"),
				Map.of("token", accessToken), TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
		assertThat(HttpExchange.json(revoked)).containsEntry("active", false);
		HttpResponse<String> device = http.postFormAsClient((String) aliases.get("device_authorization_endpoint"),
				Map.of("scope", "message.read"), TestClients.MACHINE_CLIENT_ID, TestClients.MACHINE_CLIENT_SECRET);
		assertThat(HttpExchange.json(device)).as("the device grant is not the machine client's")
			.containsEntry("error", "unauthorized_client");
		HttpResponse<String> userInfo = http.get((String) aliases.get("userinfo_endpoint"));
		assertThat(userInfo.statusCode()).isEqualTo(401);
		assertThat(userInfo.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
	}

	private Map<String, Object> document(String path) {
		HttpResponse<String> response = HttpExchange.to(this.issuer).get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		return HttpExchange.json(response);
	}

}
