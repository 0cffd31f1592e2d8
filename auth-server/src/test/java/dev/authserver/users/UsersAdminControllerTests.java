package dev.authserver.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.io.IOException;

import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The user creation form's field errors, in a slice of the web layer: the console's
 * controller and templates with its collaborators mocked, driven by HtmlUnit as an
 * admin's browser would, filling the fields by id and clicking Create.
 */
@WebMvcTest(UsersAdminController.class)
@WithMockUser(username = "admin", roles = "ADMIN")
class UsersAdminControllerTests {

	@Autowired
	WebClient browser;

	@MockitoBean
	JdbcUserAccountRepository accounts;

	@MockitoBean
	PasswordEncoder passwordEncoder;

	@MockitoBean
	UserAccessRevoker access;

	@MockitoBean
	JdbcLoginThrottle loginThrottle;

	@Test
	void createWhenPasswordIsLongerThanBcryptReadsThenTheErrorIsShownNextToItAndTheOtherFieldsAreKept()
			throws IOException {
		HtmlPage form = this.browser.getPage("http://localhost/admin/users/new");
		fill(form, "new-user", "New User", "new-user@example.com", "x".repeat(73));

		HtmlPage page = form.getHtmlElementById("create-user").click();

		assertThat(page.getHtmlElementById("password-error").getTextContent())
			.isEqualTo("Use at most 72 bytes: bcrypt ignores the rest");
		assertThat(page.<HtmlInput>getHtmlElementById("username").getValue()).isEqualTo("new-user");
		assertThat(page.<HtmlInput>getHtmlElementById("displayName").getValue()).isEqualTo("New User");
		assertThat(page.<HtmlInput>getHtmlElementById("email").getValue()).isEqualTo("new-user@example.com");
		assertThat(page.<HtmlInput>getHtmlElementById("password").getValue()).isEmpty();
		assertThat(page.getElementById("username-error")).isNull();
		verify(this.accounts, never()).create(any());
	}

	@Test
	void createWhenUsernameIsTakenThenTheErrorIsShownNextToTheUsernameAndNothingIsStored() throws IOException {
		given(this.accounts.exists("taken")).willReturn(true);
		HtmlPage form = this.browser.getPage("http://localhost/admin/users/new");
		fill(form, "taken", "Impostor", "", "a-long-enough-password");

		HtmlPage page = form.getHtmlElementById("create-user").click();

		assertThat(page.getHtmlElementById("username-error").getTextContent()).isEqualTo("This username is taken");
		assertThat(page.<HtmlInput>getHtmlElementById("displayName").getValue()).isEqualTo("Impostor");
		assertThat(page.getElementById("password-error")).isNull();
		verify(this.accounts, never()).create(any());
	}

	private static void fill(HtmlPage form, String username, String displayName, String email, String password) {
		form.<HtmlInput>getHtmlElementById("username").setValue(username);
		form.<HtmlInput>getHtmlElementById("displayName").setValue(displayName);
		form.<HtmlInput>getHtmlElementById("email").setValue(email);
		form.<HtmlInput>getHtmlElementById("password").setValue(password);
		form.<HtmlCheckBoxInput>getHtmlElementById("roles1").setChecked(true);
	}

}
