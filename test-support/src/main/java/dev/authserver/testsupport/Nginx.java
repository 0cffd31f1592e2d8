package dev.authserver.testsupport;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the tests that run a real nginx (the scale-out test's round-robin proxy, the
 * mutual-TLS tests' TLS-terminating proxy) find it: Debian's, or the first on the
 * {@code PATH}.
 */
public final class Nginx {

	/** What a machine without nginx lacks, and how to get it. */
	public static final String MISSING = "These tests need nginx (/usr/sbin/nginx or on the PATH): apt-get install nginx";

	private Nginx() {
	}

	/** The nginx to run, if this machine has one. */
	public static Optional<Path> installed() {
		return InstalledPrograms.find(Path.of("/usr/sbin/nginx"), "nginx");
	}

	/** Runs a test class only where nginx is installed (a failure under CI otherwise). */
	public static final class Required extends InstalledPrograms.Required {

		public Required() {
			super("nginx", Nginx::installed, MISSING);
		}

	}

}
