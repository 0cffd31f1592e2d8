package dev.authserver.factors;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * One-time codes as a second factor.
 *
 * @param issuerName the name authenticator apps show next to the account (the
 * {@code issuer} of the enrolment's {@code otpauth} URI)
 * @param freeFailures wrong codes of one account before each further one locks its second
 * factor, for {@code authserver.login.first-lock}, doubling up to
 * {@code authserver.login.max-lock}, as for passwords
 */
@Validated
@ConfigurationProperties("authserver.second-factor")
public record SecondFactorProperties(@DefaultValue("Auth Server") @NotBlank String issuerName,
		@DefaultValue("5") @Min(1) int freeFailures) {
}
