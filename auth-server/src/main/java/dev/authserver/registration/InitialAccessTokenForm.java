package dev.authserver.registration;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.authserver.clients.ClientMetadataValidator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;

/**
 * The console's form for a new initial access token: what it is for, how many clients it
 * may register, how long it lives and which scopes and grant types those clients may ask
 * for.
 */
class InitialAccessTokenForm {

	static final String SINGLE_USE = "single";

	static final String LIMITED = "limited";

	static final String UNLIMITED = "unlimited";

	static final String HOURS = "hours";

	static final String DAYS = "days";

	/**
	 * A token is handed to a third party, so it should not outlive the onboarding it is
	 * meant for.
	 */
	private static final Duration MAX_LIFETIME = Duration.ofDays(365);

	/** The column holds at most 1000 characters. */
	private static final int MAX_SCOPES_LENGTH = 1000;

	@NotBlank(message = "Say what the token is for, such as who receives it")
	@Size(max = 200, message = "Use at most 200 characters")
	private String description = "";

	private String usage = SINGLE_USE;

	@Min(value = 1, message = "Enter at least 1")
	@Max(value = 10_000, message = "Enter at most 10000")
	private Integer maxUses;

	@NotNull(message = "Enter how long the token lives")
	@Min(value = 1, message = "Enter at least 1")
	private Integer expiresIn = 24;

	private String expiresInUnit = HOURS;

	private String allowedScopes = "";

	private String allowedGrantTypes = "";

	/**
	 * Checks what the annotations cannot: fields that depend on each other, the scope
	 * syntax and the grant types.
	 */
	void validate(Errors errors) {
		if (!List.of(SINGLE_USE, LIMITED, UNLIMITED).contains(this.usage)) {
			errors.rejectValue("usage", "unknown", "Choose how many clients the token may register");
		}
		if (LIMITED.equals(this.usage) && this.maxUses == null && !errors.hasFieldErrors("maxUses")) {
			errors.rejectValue("maxUses", "required", "Enter how many clients the token may register");
		}
		if (!List.of(HOURS, DAYS).contains(this.expiresInUnit)) {
			errors.rejectValue("expiresInUnit", "unknown", "Choose hours or days");
		}
		else if (!errors.hasFieldErrors("expiresIn") && lifetime().compareTo(MAX_LIFETIME) > 0) {
			errors.rejectValue("expiresIn", "tooLong", "A token lives at most 365 days");
		}
		for (String grantType : grantTypes()) {
			if (!ClientMetadataValidator.GRANT_TYPES.contains(grantType)) {
				errors.rejectValue("allowedGrantTypes", "unknown",
						grantType + " is not a grant type clients may have; use "
								+ ClientMetadataValidator.GRANT_TYPES.stream().sorted().toList());
				break;
			}
			if (ClientMetadataValidator.TOKEN_EXCHANGE.equals(grantType)) {
				errors.rejectValue("allowedGrantTypes", "adminOnly",
						grantType + " needs a policy an administrator sets: registration never gives it");
				break;
			}
		}
		for (String scope : scopes()) {
			if (!ClientMetadataValidator.SCOPE_TOKEN.matcher(scope).matches()) {
				errors.rejectValue("allowedScopes", "invalid", scope + " is not a valid scope (RFC 6749 §3.3)");
				return;
			}
		}
		if (String.join(" ", scopes()).length() > MAX_SCOPES_LENGTH) {
			errors.rejectValue("allowedScopes", "tooLong", "Use at most " + MAX_SCOPES_LENGTH + " characters");
		}
	}

	/** How many clients it may register; null for any number until it expires. */
	Integer maxUsesAllowed() {
		return switch (this.usage) {
			case SINGLE_USE -> 1;
			case LIMITED -> this.maxUses;
			default -> null;
		};
	}

	Duration lifetime() {
		return DAYS.equals(this.expiresInUnit) ? Duration.ofDays(this.expiresIn) : Duration.ofHours(this.expiresIn);
	}

	/**
	 * The scopes as typed, separated by spaces; empty allows
	 * {@code authserver.scopes.registration-default}.
	 */
	Set<String> scopes() {
		return spaceSeparated(this.allowedScopes);
	}

	/** The grant types as typed, separated by spaces; empty allows any. */
	Set<String> grantTypes() {
		return spaceSeparated(this.allowedGrantTypes);
	}

	private static Set<String> spaceSeparated(String typed) {
		Set<String> values = new LinkedHashSet<>();
		if (StringUtils.hasText(typed)) {
			values.addAll(List.of(typed.strip().split("\\s+")));
		}
		return values;
	}

	public String getDescription() {
		return this.description;
	}

	public void setDescription(String description) {
		this.description = description;
	}

	public String getUsage() {
		return this.usage;
	}

	public void setUsage(String usage) {
		this.usage = usage;
	}

	public Integer getMaxUses() {
		return this.maxUses;
	}

	public void setMaxUses(Integer maxUses) {
		this.maxUses = maxUses;
	}

	public Integer getExpiresIn() {
		return this.expiresIn;
	}

	public void setExpiresIn(Integer expiresIn) {
		this.expiresIn = expiresIn;
	}

	public String getExpiresInUnit() {
		return this.expiresInUnit;
	}

	public void setExpiresInUnit(String expiresInUnit) {
		this.expiresInUnit = expiresInUnit;
	}

	public String getAllowedScopes() {
		return this.allowedScopes;
	}

	public void setAllowedScopes(String allowedScopes) {
		this.allowedScopes = allowedScopes;
	}

	public String getAllowedGrantTypes() {
		return this.allowedGrantTypes;
	}

	public void setAllowedGrantTypes(String allowedGrantTypes) {
		this.allowedGrantTypes = allowedGrantTypes;
	}

}
