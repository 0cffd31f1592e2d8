package dev.authserver.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The account page's profile form: the name to show and the email address.
 */
class ProfileForm {

	@NotBlank(message = "Enter your name")
	@Size(max = 200, message = "Use at most 200 characters")
	private String displayName = "";

	@Email(message = "Enter an email address, or leave it empty")
	@Size(max = 320, message = "Use at most 320 characters")
	private String email = "";

	public String getDisplayName() {
		return this.displayName;
	}

	public void setDisplayName(String displayName) {
		this.displayName = displayName;
	}

	public String getEmail() {
		return this.email;
	}

	public void setEmail(String email) {
		this.email = email;
	}

}
