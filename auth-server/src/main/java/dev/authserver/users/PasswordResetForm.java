package dev.authserver.users;

/**
 * The console's form in which an admin types a new password for an account.
 */
class PasswordResetForm {

	private String password = "";

	public String getPassword() {
		return this.password;
	}

	public void setPassword(String password) {
		this.password = password;
	}

}
