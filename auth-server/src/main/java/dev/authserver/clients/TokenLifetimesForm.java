package dev.authserver.clients;

import java.time.Duration;
import java.util.Optional;

import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.validation.Errors;

/**
 * The console's form for how long a client's access and refresh tokens live, as typed
 * ({@code 15m}, {@code 30d}).
 */
class TokenLifetimesForm {

	private static final String FORMAT_HINT = "Enter a number and a unit, such as 15m, 8h or 30d";

	private String accessTokenTimeToLive = "";

	private String refreshTokenTimeToLive = "";

	static TokenLifetimesForm of(TokenSettings settings) {
		TokenLifetimesForm form = new TokenLifetimesForm();
		form.setAccessTokenTimeToLive(DurationText.format(settings.getAccessTokenTimeToLive()));
		form.setRefreshTokenTimeToLive(DurationText.format(settings.getRefreshTokenTimeToLive()));
		return form;
	}

	/** The access token lifetime, or empty with a field error when it cannot be read. */
	Optional<Duration> accessTokenTimeToLive(Errors errors) {
		return parse("accessTokenTimeToLive", this.accessTokenTimeToLive, errors);
	}

	/** The refresh token lifetime, or empty with a field error when it cannot be read. */
	Optional<Duration> refreshTokenTimeToLive(Errors errors) {
		return parse("refreshTokenTimeToLive", this.refreshTokenTimeToLive, errors);
	}

	/** Shows a lifetime the service refuses next to its field. */
	static void reject(InvalidClientMetadataException ex, Errors errors) {
		String field = "refresh_token_time_to_live".equals(ex.getField()) ? "refreshTokenTimeToLive"
				: "accessTokenTimeToLive";
		errors.rejectValue(field, ex.getErrorCode(), ex.getMessage());
	}

	private static Optional<Duration> parse(String field, String text, Errors errors) {
		Optional<Duration> duration = DurationText.parse(text);
		if (duration.isEmpty()) {
			errors.rejectValue(field, "format", FORMAT_HINT);
		}
		return duration;
	}

	public String getAccessTokenTimeToLive() {
		return this.accessTokenTimeToLive;
	}

	public void setAccessTokenTimeToLive(String accessTokenTimeToLive) {
		this.accessTokenTimeToLive = accessTokenTimeToLive;
	}

	public String getRefreshTokenTimeToLive() {
		return this.refreshTokenTimeToLive;
	}

	public void setRefreshTokenTimeToLive(String refreshTokenTimeToLive) {
		this.refreshTokenTimeToLive = refreshTokenTimeToLive;
	}

}
