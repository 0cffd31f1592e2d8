package dev.authserver.account;

/**
 * The account page's password form: the current password, and the new one twice.
 */
class PasswordChangeForm extends NewPasswordForm {

	private String currentPassword = "";

	public String getCurrentPassword() {
		return this.currentPassword;
	}

	public void setCurrentPassword(String currentPassword) {
		this.currentPassword = currentPassword;
	}

}
