package dev.authserver.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The self-registration form, with the admin console's rules for usernames.
 */
class RegistrationForm extends NewPasswordForm {

	@NotBlank(message = "Choose a username")
	@Size(max = 100, message = "Use at most 100 characters")
	@Pattern(regexp = "[A-Za-z0-9._@-]*", message = "Use only letters, digits and . _ @ -")
	private String username = "";

	@NotBlank(message = "Enter your name")
	@Size(max = 200, message = "Use at most 200 characters")
	private String displayName = "";

	@NotBlank(message = "Enter your email address: the link that activates the account goes there")
	@Email(message = "Enter an email address")
	@Size(max = 320, message = "Use at most 320 characters")
	private String email = "";

	public String getUsername() {
		return this.username;
	}

	public void setUsername(String username) {
		this.username = username;
	}

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
