package dev.authserver.exchange;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import dev.authserver.clients.DurationText;
import dev.authserver.tokens.TokenExchangePolicy;

import org.springframework.validation.Errors;

/**
 * The console's form for a client's token exchange policy, as typed: audiences one URI
 * per line, scopes separated by spaces, the lifetime as {@code 5m} or empty for the
 * client's access token lifetime.
 */
class TokenExchangePolicyForm {

	private String audiences = "";

	private boolean impersonation;

	private String scopes = "";

	private String accessTokenTimeToLive = "";

	static TokenExchangePolicyForm of(TokenExchangePolicy policy) {
		TokenExchangePolicyForm form = new TokenExchangePolicyForm();
		form.setAudiences(String.join("\n", policy.audiences()));
		form.setImpersonation(policy.impersonation());
		form.setScopes(String.join(" ", policy.scopes().stream().sorted().toList()));
		form.setAccessTokenTimeToLive(
				(policy.accessTokenTimeToLive() != null) ? DurationText.format(policy.accessTokenTimeToLive()) : "");
		return form;
	}

	/**
	 * The policy as typed, or empty with a field error when the lifetime is unreadable.
	 */
	Optional<TokenExchangePolicy> toPolicy(Errors errors) {
		Duration lifetime = null;
		if (!this.accessTokenTimeToLive.isBlank()) {
			Optional<Duration> parsed = DurationText.parse(this.accessTokenTimeToLive);
			if (parsed.isEmpty()) {
				errors.rejectValue("accessTokenTimeToLive", "format",
						"Enter a number and a unit, such as 5m or 1h, or nothing for the client's access token lifetime");
				return Optional.empty();
			}
			lifetime = parsed.get();
		}
		List<String> audienceList = this.audiences.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty())
			.distinct()
			.toList();
		List<String> scopeList = List.of(this.scopes.strip().split("\\s+"))
			.stream()
			.filter((scope) -> !scope.isEmpty())
			.toList();
		return Optional
			.of(new TokenExchangePolicy(audienceList, this.impersonation, new LinkedHashSet<>(scopeList), lifetime));
	}

	public String getAudiences() {
		return this.audiences;
	}

	public void setAudiences(String audiences) {
		this.audiences = (audiences != null) ? audiences : "";
	}

	public boolean isImpersonation() {
		return this.impersonation;
	}

	public void setImpersonation(boolean impersonation) {
		this.impersonation = impersonation;
	}

	public String getScopes() {
		return this.scopes;
	}

	public void setScopes(String scopes) {
		this.scopes = (scopes != null) ? scopes : "";
	}

	public String getAccessTokenTimeToLive() {
		return this.accessTokenTimeToLive;
	}

	public void setAccessTokenTimeToLive(String accessTokenTimeToLive) {
		this.accessTokenTimeToLive = (accessTokenTimeToLive != null) ? accessTokenTimeToLive : "";
	}

}
