package dev.authserver.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) on a free port of the loopback interface, which accepts
 * mail for any address and keeps it for the test to read. Tests wait for mail with a
 * timeout, never a sleep.
 */
public final class TestMailServer implements AutoCloseable {

	private final GreenMail greenMail;

	private final int port;

	private TestMailServer(GreenMail greenMail, int port) {
		this.greenMail = greenMail;
		this.port = port;
	}

	public static TestMailServer start() {
		int port = freePort();
		GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		greenMail.start();
		return new TestMailServer(greenMail, port);
	}

	public int port() {
		return this.port;
	}

	/** Every mail received so far to {@code address}, oldest first. */
	public List<Mail> mailsTo(String address) {
		return Arrays.stream(this.greenMail.getReceivedMessages())
			.map(TestMailServer::read)
			.filter((mail) -> mail.to().contains(address))
			.toList();
	}

	/**
	 * Waits until {@code address} has received {@code count} mails, and returns the last
	 * of them.
	 */
	public Mail awaitMail(String address, int count, Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		while (true) {
			List<Mail> mails = mailsTo(address);
			if (mails.size() >= count) {
				return mails.get(count - 1);
			}
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Mail " + count + " to " + address + " did not arrive within " + timeout
						+ "; received " + mails.size());
			}
			// Wakes up as soon as any mail arrives, or after a short while.
			this.greenMail.waitForIncomingEmail(200, this.greenMail.getReceivedMessages().length + 1);
		}
	}

	@Override
	public void close() {
		this.greenMail.stop();
	}

	private static Mail read(MimeMessage message) {
		try {
			Address[] recipients = message.getAllRecipients();
			List<String> to = (recipients != null) ? Arrays.stream(recipients).map(Address::toString).toList()
					: List.of();
			// Decoded: long lines come quoted-printable, which would break the links.
			Object content = message.getContent();
			String body = (content instanceof String text) ? text : GreenMailUtil.getBody(message);
			return new Mail(to, message.getSubject(), body.replace("\r\n", "\n"));
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A received mail, its body as plain text. */
	public record Mail(List<String> to, String subject, String body) {

		/** The first line of the body that is a link. */
		public String link() {
			return this.body.lines()
				.map(String::strip)
				.filter((line) -> line.startsWith("http://") || line.startsWith("https://"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No link in the mail '" + this.subject + "': " + this.body));
		}

	}

}
