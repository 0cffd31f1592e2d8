package dev.authserver.account;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends the account pages' mails through Spring Boot's {@link JavaMailSender}, which
 * exists only when {@code spring.mail.host} is set.
 * <p>
 * Mails go out on a thread of their own, so that a request for a known address answers as
 * soon as one for an unknown address, which sends nothing: the time of the answer does
 * not tell whether an address has an account. The links carry the token and go to the
 * issuer, never to the host a request named.
 */
class AccountMail implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AccountMail.class);

	private final JavaMailSender sender;

	private final AccountProperties properties;

	private final String issuer;

	private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(1000), (task) -> {
				Thread thread = new Thread(task, "account-mail");
				thread.setDaemon(true);
				return thread;
			});

	/**
	 * @param sender null when mail is not configured
	 */
	AccountMail(JavaMailSender sender, AccountProperties properties, String issuer) {
		this.sender = sender;
		this.properties = properties;
		this.issuer = issuer;
	}

	boolean isAvailable() {
		return this.sender != null;
	}

	void sendPasswordReset(String username, String email, String token) {
		send(username, email, "Reset your password",
				"""
						Someone asked to reset the password of the account %s. If it was you, choose a new password here:

						%s

						The link works once, within %d minutes. If it was not you, ignore this mail: your password stays as it is.
						"""
					.formatted(username, link("/password-reset/new", token),
							this.properties.resetLinkLifetime().toMinutes()));
	}

	void sendEmailVerification(String username, String email, String token, boolean registration) {
		String why = registration ? "Someone registered the account %s with this address.".formatted(username)
				: "Someone asked to use this address for the account %s.".formatted(username);
		send(username, email, registration ? "Confirm your new account" : "Confirm your email address", """
				%s If it was you, confirm here:

				%s

				The link works once, within %d hours. If it was not you, ignore this mail.
				""".formatted(why, link("/email-verification", token),
				this.properties.verificationLinkLifetime().toHours()));
	}

	private String link(String path, String token) {
		return UriComponentsBuilder.fromUriString(this.issuer).path(path).queryParam("token", token).toUriString();
	}

	private void send(String username, String to, String subject, String text) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.properties.mailFrom());
		message.setTo(to);
		message.setSubject(subject);
		message.setText(text);
		Runnable delivery = () -> {
			try {
				this.sender.send(message);
				log.debug("Sent '{}' to the address of user {}", subject, username);
			}
			catch (MailException ex) {
				log.warn("Could not send '{}' to the address of user {}: {}", subject, username, ex.getMessage());
			}
		};
		try {
			this.executor.execute(delivery);
		}
		catch (RejectedExecutionException ex) {
			// A thousand mails waiting: the mail server is down or slow. This one waits
			// in
			// the request rather than be lost.
			delivery.run();
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
	}

}
