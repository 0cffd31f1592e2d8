package dev.authserver.clients;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.validation.Errors;

/**
 * The console's form for a client's metadata, when registering it and when editing it. It
 * holds the text as typed, so a refused form comes back unchanged; {@link #toMetadata()}
 * turns it into the RFC 7591 metadata that the registration endpoint's validator checks.
 */
class ClientMetadataForm {

	/** Where the validator's RFC 7591 field names are shown on this form. */
	private static final Map<String, String> FORM_FIELDS = Map.ofEntries(Map.entry("client_name", "clientName"),
			Map.entry("redirect_uris", "redirectUris"),
			Map.entry("post_logout_redirect_uris", "postLogoutRedirectUris"), Map.entry("grant_types", "grantTypes"),
			Map.entry("response_types", "grantTypes"),
			Map.entry("token_endpoint_auth_method", "tokenEndpointAuthMethod"), Map.entry("scope", "scope"),
			Map.entry("default_max_age", "defaultMaxAge"), Map.entry("backchannel_logout_uri", "backchannelLogoutUri"),
			Map.entry("frontchannel_logout_uri", "frontchannelLogoutUri"),
			Map.entry("tls_client_auth_subject_dn", "tlsClientAuthValue"),
			Map.entry("tls_client_auth_san_dns", "tlsClientAuthValue"),
			Map.entry("tls_client_auth_san_uri", "tlsClientAuthValue"),
			Map.entry("tls_client_auth_san_ip", "tlsClientAuthValue"),
			Map.entry("tls_client_auth_san_email", "tlsClientAuthValue"),
			Map.entry("require_signed_request_object", "requireSignedRequestObject"),
			Map.entry("fapi2_security_profile", "fapi2SecurityProfile"));

	private String clientName = "";

	private String redirectUris = "";

	private String postLogoutRedirectUris = "";

	private List<String> grantTypes = new ArrayList<>();

	private String tokenEndpointAuthMethod = "client_secret_basic";

	private String scope = "";

	/** Seconds, as typed; empty for none. */
	private String defaultMaxAge = "";

	private boolean requireAuthTime;

	private String backchannelLogoutUri = "";

	private boolean backchannelLogoutSessionRequired;

	private String frontchannelLogoutUri = "";

	private boolean frontchannelLogoutSessionRequired;

	/**
	 * Which value a {@code tls_client_auth} client's certificate is matched by: one of
	 * the RFC 8705 §2.1.2 metadata names.
	 */
	private String tlsClientAuthField = ClientMetadataValidator.TLS_CLIENT_AUTH_FIELDS.get(0);

	private String tlsClientAuthValue = "";

	private boolean tlsClientCertificateBoundAccessTokens;

	private boolean requirePushedAuthorizationRequests;

	private boolean requireSignedRequestObject;

	private boolean fapi2SecurityProfile;

	/** A web application signing users in: the most common registration. */
	static ClientMetadataForm forNewClient() {
		ClientMetadataForm form = new ClientMetadataForm();
		form.setGrantTypes(new ArrayList<>(List.of("authorization_code", "refresh_token")));
		form.setScope("openid profile");
		return form;
	}

	static ClientMetadataForm of(ClientMetadata metadata) {
		ClientMetadataForm form = new ClientMetadataForm();
		form.setClientName(metadata.clientName());
		form.setRedirectUris(String.join("\n", metadata.redirectUris()));
		form.setPostLogoutRedirectUris(String.join("\n", metadata.postLogoutRedirectUris()));
		form.setGrantTypes(new ArrayList<>(metadata.grantTypes()));
		form.setTokenEndpointAuthMethod(metadata.tokenEndpointAuthMethod());
		form.setScope(metadata.scope());
		form.setDefaultMaxAge((metadata.defaultMaxAge() != null) ? metadata.defaultMaxAge().toString() : "");
		form.setRequireAuthTime(Boolean.TRUE.equals(metadata.requireAuthTime()));
		form.setBackchannelLogoutUri(metadata.backchannelLogoutUri());
		form.setBackchannelLogoutSessionRequired(Boolean.TRUE.equals(metadata.backchannelLogoutSessionRequired()));
		form.setFrontchannelLogoutUri(metadata.frontchannelLogoutUri());
		form.setFrontchannelLogoutSessionRequired(Boolean.TRUE.equals(metadata.frontchannelLogoutSessionRequired()));
		List<String> tlsClientAuthValues = tlsClientAuthValues(metadata);
		for (int index = 0; index < tlsClientAuthValues.size(); index++) {
			if (tlsClientAuthValues.get(index) != null) {
				form.setTlsClientAuthField(ClientMetadataValidator.TLS_CLIENT_AUTH_FIELDS.get(index));
				form.setTlsClientAuthValue(tlsClientAuthValues.get(index));
			}
		}
		form.setTlsClientCertificateBoundAccessTokens(
				Boolean.TRUE.equals(metadata.tlsClientCertificateBoundAccessTokens()));
		form.setRequirePushedAuthorizationRequests(Boolean.TRUE.equals(metadata.requirePushedAuthorizationRequests()));
		form.setRequireSignedRequestObject(Boolean.TRUE.equals(metadata.requireSignedRequestObject()));
		form.setFapi2SecurityProfile(Boolean.TRUE.equals(metadata.fapi2SecurityProfile()));
		return form;
	}

	/**
	 * The metadata as typed; response types follow from the grant types, as the validator
	 * fills them in.
	 * @throws InvalidClientMetadataException when the default maximum age is no number
	 */
	ClientMetadata toMetadata() {
		// The value goes to the field chosen, and only for tls_client_auth: the field
		// stays filled in when the admin picks another method.
		boolean tlsClientAuth = ClientMetadataValidator.TLS_CLIENT_AUTH.equals(this.tokenEndpointAuthMethod);
		int field = ClientMetadataValidator.TLS_CLIENT_AUTH_FIELDS.indexOf(this.tlsClientAuthField);
		String[] tlsClientAuthValues = new String[ClientMetadataValidator.TLS_CLIENT_AUTH_FIELDS.size()];
		if (tlsClientAuth && field >= 0) {
			tlsClientAuthValues[field] = this.tlsClientAuthValue;
		}
		return new ClientMetadata(lines(this.redirectUris), lines(this.postLogoutRedirectUris),
				List.copyOf(this.grantTypes), null, this.tokenEndpointAuthMethod, this.scope, this.clientName, null,
				null, null, seconds(this.defaultMaxAge), this.requireAuthTime ? Boolean.TRUE : null,
				this.backchannelLogoutUri, this.backchannelLogoutSessionRequired, this.frontchannelLogoutUri,
				this.frontchannelLogoutSessionRequired, tlsClientAuthValues[0], tlsClientAuthValues[1],
				tlsClientAuthValues[2], tlsClientAuthValues[3], tlsClientAuthValues[4],
				this.tlsClientCertificateBoundAccessTokens ? Boolean.TRUE : null,
				this.requirePushedAuthorizationRequests, this.requireSignedRequestObject, this.fapi2SecurityProfile);
	}

	/** In the order of {@link ClientMetadataValidator#TLS_CLIENT_AUTH_FIELDS}. */
	private static List<String> tlsClientAuthValues(ClientMetadata metadata) {
		return Arrays.asList(metadata.tlsClientAuthSubjectDn(), metadata.tlsClientAuthSanDns(),
				metadata.tlsClientAuthSanUri(), metadata.tlsClientAuthSanIp(), metadata.tlsClientAuthSanEmail());
	}

	private static Integer seconds(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return Integer.valueOf(text.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidClientMetadataException(InvalidClientMetadataException.INVALID_CLIENT_METADATA,
					"default_max_age", "default_max_age must be a number of seconds");
		}
	}

	/** Shows the validator's message next to the field it concerns, or above the form. */
	static void reject(InvalidClientMetadataException ex, Errors errors) {
		String field = FORM_FIELDS.get(ex.getField());
		if (field != null) {
			errors.rejectValue(field, ex.getErrorCode(), ex.getMessage());
		}
		else {
			errors.reject(ex.getErrorCode(), ex.getMessage());
		}
	}

	/** One URI per line; blank lines and surrounding spaces are not part of any URI. */
	private static List<String> lines(String text) {
		if (text == null) {
			return List.of();
		}
		return text.lines().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

	public String getClientName() {
		return this.clientName;
	}

	public void setClientName(String clientName) {
		this.clientName = clientName;
	}

	public String getRedirectUris() {
		return this.redirectUris;
	}

	public void setRedirectUris(String redirectUris) {
		this.redirectUris = redirectUris;
	}

	public String getPostLogoutRedirectUris() {
		return this.postLogoutRedirectUris;
	}

	public void setPostLogoutRedirectUris(String postLogoutRedirectUris) {
		this.postLogoutRedirectUris = postLogoutRedirectUris;
	}

	public List<String> getGrantTypes() {
		return this.grantTypes;
	}

	public void setGrantTypes(List<String> grantTypes) {
		this.grantTypes = (grantTypes != null) ? grantTypes : new ArrayList<>();
	}

	public String getTokenEndpointAuthMethod() {
		return this.tokenEndpointAuthMethod;
	}

	public void setTokenEndpointAuthMethod(String tokenEndpointAuthMethod) {
		this.tokenEndpointAuthMethod = tokenEndpointAuthMethod;
	}

	public String getScope() {
		return this.scope;
	}

	public void setScope(String scope) {
		this.scope = scope;
	}

	public String getDefaultMaxAge() {
		return this.defaultMaxAge;
	}

	public void setDefaultMaxAge(String defaultMaxAge) {
		this.defaultMaxAge = defaultMaxAge;
	}

	public boolean isRequireAuthTime() {
		return this.requireAuthTime;
	}

	public void setRequireAuthTime(boolean requireAuthTime) {
		this.requireAuthTime = requireAuthTime;
	}

	public String getBackchannelLogoutUri() {
		return this.backchannelLogoutUri;
	}

	public void setBackchannelLogoutUri(String backchannelLogoutUri) {
		this.backchannelLogoutUri = (backchannelLogoutUri != null) ? backchannelLogoutUri.strip() : "";
	}

	public boolean isBackchannelLogoutSessionRequired() {
		return this.backchannelLogoutSessionRequired;
	}

	public void setBackchannelLogoutSessionRequired(boolean backchannelLogoutSessionRequired) {
		this.backchannelLogoutSessionRequired = backchannelLogoutSessionRequired;
	}

	public String getFrontchannelLogoutUri() {
		return this.frontchannelLogoutUri;
	}

	public void setFrontchannelLogoutUri(String frontchannelLogoutUri) {
		this.frontchannelLogoutUri = (frontchannelLogoutUri != null) ? frontchannelLogoutUri.strip() : "";
	}

	public boolean isFrontchannelLogoutSessionRequired() {
		return this.frontchannelLogoutSessionRequired;
	}

	public void setFrontchannelLogoutSessionRequired(boolean frontchannelLogoutSessionRequired) {
		this.frontchannelLogoutSessionRequired = frontchannelLogoutSessionRequired;
	}

	public String getTlsClientAuthField() {
		return this.tlsClientAuthField;
	}

	public void setTlsClientAuthField(String tlsClientAuthField) {
		this.tlsClientAuthField = tlsClientAuthField;
	}

	public String getTlsClientAuthValue() {
		return this.tlsClientAuthValue;
	}

	public void setTlsClientAuthValue(String tlsClientAuthValue) {
		this.tlsClientAuthValue = (tlsClientAuthValue != null) ? tlsClientAuthValue.strip() : "";
	}

	public boolean isTlsClientCertificateBoundAccessTokens() {
		return this.tlsClientCertificateBoundAccessTokens;
	}

	public void setTlsClientCertificateBoundAccessTokens(boolean tlsClientCertificateBoundAccessTokens) {
		this.tlsClientCertificateBoundAccessTokens = tlsClientCertificateBoundAccessTokens;
	}

	public boolean isRequirePushedAuthorizationRequests() {
		return this.requirePushedAuthorizationRequests;
	}

	public void setRequirePushedAuthorizationRequests(boolean requirePushedAuthorizationRequests) {
		this.requirePushedAuthorizationRequests = requirePushedAuthorizationRequests;
	}

	public boolean isRequireSignedRequestObject() {
		return this.requireSignedRequestObject;
	}

	public void setRequireSignedRequestObject(boolean requireSignedRequestObject) {
		this.requireSignedRequestObject = requireSignedRequestObject;
	}

	public boolean isFapi2SecurityProfile() {
		return this.fapi2SecurityProfile;
	}

	public void setFapi2SecurityProfile(boolean fapi2SecurityProfile) {
		this.fapi2SecurityProfile = fapi2SecurityProfile;
	}

}
