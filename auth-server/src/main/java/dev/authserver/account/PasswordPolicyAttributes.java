package dev.authserver.account;

import dev.authserver.users.PasswordPolicy;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The password policy that the account pages' new-password fields show
 * ({@code fragments/account :: passwordPolicy}): one place for the profile, reset and
 * registration pages alike.
 */
@ControllerAdvice(basePackageClasses = PasswordPolicyAttributes.class)
class PasswordPolicyAttributes {

	@ModelAttribute("minPasswordLength")
	int minPasswordLength() {
		return PasswordPolicy.MIN_LENGTH;
	}

	@ModelAttribute("maxPasswordBytes")
	int maxPasswordBytes() {
		return PasswordPolicy.MAX_BYTES;
	}

}
