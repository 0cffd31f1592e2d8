package dev.authserver.account;

/**
 * Which of the public account pages this server offers: the login page links to them
 * through this bean ({@code ${@accountPages.passwordResetOffered}}), and their paths are
 * open to anonymous users.
 *
 * @param passwordResetOffered whether mail is configured, so that forgotten passwords can
 * be reset by mail
 * @param registrationOffered whether anyone may register an account
 */
public record AccountPages(boolean passwordResetOffered, boolean registrationOffered) {

	/**
	 * The pages anyone may open: each answers 404 when what it needs is not configured.
	 */
	public static final String[] PUBLIC_PATHS = { "/password-reset", "/password-reset/new", "/register",
			"/email-verification" };

}
