package dev.authserver.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The forgotten-password form: the address to send the reset link to.
 */
class PasswordResetRequestForm {

	@NotBlank(message = "Enter the email address of your account")
	@Email(message = "Enter an email address")
	@Size(max = 320, message = "Use at most 320 characters")
	private String email = "";

	public String getEmail() {
		return this.email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

}
