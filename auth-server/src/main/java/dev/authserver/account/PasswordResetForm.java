package dev.authserver.account;

/**
 * The page a reset link opens: the link's token, and the new password twice.
 */
class PasswordResetForm extends NewPasswordForm {

	private String token = "";

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

}
