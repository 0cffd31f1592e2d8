package dev.authserver.registration;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The client metadata of RFC 7591 §2 that this server understands; other members of a request are ignored, as the
 * RFC asks.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-2">RFC 7591 §2</a>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientMetadata(@JsonProperty("redirect_uris") List<String> redirectUris,
		@JsonProperty("post_logout_redirect_uris") List<String> postLogoutRedirectUris,
		@JsonProperty("grant_types") List<String> grantTypes,
		@JsonProperty("response_types") List<String> responseTypes,
		@JsonProperty("token_endpoint_auth_method") String tokenEndpointAuthMethod,
		@JsonProperty("scope") String scope, @JsonProperty("client_name") String clientName) {

	public boolean isPublicClient() {
		return ClientMetadataValidator.NONE.equals(this.tokenEndpointAuthMethod);
	}

}
