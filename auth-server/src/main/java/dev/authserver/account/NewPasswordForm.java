package dev.authserver.account;

import dev.authserver.users.PasswordPolicy;

import org.springframework.validation.Errors;

/**
 * A new password typed twice, as the password change, reset and registration pages take
 * it. Neither field is ever sent back to the browser.
 */
class NewPasswordForm {

	private String newPassword = "";

	private String confirmation = "";

	/** Rejects a password outside the policy, or a confirmation that differs. */
	void check(Errors errors) {
		PasswordPolicy.check(this.newPassword, "newPassword", errors);
		if (!errors.hasFieldErrors("newPassword") && !this.newPassword.equals(this.confirmation)) {
			errors.rejectValue("confirmation", "mismatch", "Type the same password twice");
		}
	}

	public String getNewPassword() {
		return this.newPassword;
	}

	public void setNewPassword(String newPassword) {
		this.newPassword = newPassword;
	}

	public String getConfirmation() {
		return this.confirmation;
	}

	public void setConfirmation(String confirmation) {
		this.confirmation = confirmation;
	}

}
