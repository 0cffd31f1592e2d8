package dev.authserver.account;

import java.time.Duration;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The account pages' settings. Mail itself is Spring Boot's ({@code spring.mail.*}):
 * without {@code spring.mail.host} there is no password reset by mail, no email
 * verification and no self-registration.
 *
 * @param resetLinkLifetime how long a mailed password reset link works (once)
 * @param verificationLinkLifetime how long a link that verifies a new email address, or a
 * self-registered account, works (once)
 * @param selfRegistration whether anyone may register an account at {@code /register}; it
 * signs in once its email is verified, so this needs mail
 * @param mailFrom the sender of the mails
 * @param mailWindow the window over which mails are counted, from the first
 * @param mailsPerAccount mails sent to one account within the window; further requests
 * send nothing and answer the same
 * @param mailRequestsPerAddress password reset and registration requests from one client
 * address within the window; further ones send nothing and answer the same
 */
@Validated
@ConfigurationProperties("authserver.account")
public record AccountProperties(@DefaultValue("30m") Duration resetLinkLifetime,
		@DefaultValue("24h") Duration verificationLinkLifetime, @DefaultValue("false") boolean selfRegistration,
		@DefaultValue("no-reply@localhost") @NotBlank @Email String mailFrom, @DefaultValue("1h") Duration mailWindow,
		@DefaultValue("3") @Min(1) int mailsPerAccount, @DefaultValue("20") @Min(1) int mailRequestsPerAddress) {

	public AccountProperties {
		if (resetLinkLifetime.isNegative() || resetLinkLifetime.isZero() || verificationLinkLifetime.isNegative()
				|| verificationLinkLifetime.isZero() || mailWindow.isNegative() || mailWindow.isZero()) {
			throw new IllegalArgumentException(
					"authserver.account.reset-link-lifetime, verification-link-lifetime and mail-window must be positive");
		}
	}

}
