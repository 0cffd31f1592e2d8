package dev.authserver.users;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The console's form for a new account. The password is checked by {@link PasswordPolicy}
 * and never sent back to the browser; the other fields come back as typed when the form
 * is refused.
 */
class UserCreationForm {

	@NotBlank(message = "Enter a username")
	@Size(max = 100, message = "Use at most 100 characters")
	@Pattern(regexp = "[A-Za-z0-9._@-]*", message = "Use only letters, digits and . _ @ -")
	private String username = "";

	@NotBlank(message = "Enter the name to show for this user")
	@Size(max = 200, message = "Use at most 200 characters")
	private String displayName = "";

	@Email(message = "Enter an email address, or leave it empty")
	@Size(max = 320, message = "Use at most 320 characters")
	private String email = "";

	private String password = "";

	private List<String> roles = new ArrayList<>(List.of(UsersAdminController.USER));

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

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

	public List<String> getRoles() {
		return this.roles;
	}

	public void setRoles(List<String> roles) {
		this.roles = (roles != null) ? roles : new ArrayList<>();
	}

}
