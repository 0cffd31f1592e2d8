package dev.authserver.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages,
 * driven through Selenium. Where they are missing the browser tests are skipped with the
 * reason, except under CI ({@code CI=true}), where a missing browser fails the build.
 */
final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private final ChromeDriver driver;

	private final Path profile;

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	static Browser open() {
		boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		String reason = "Browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
				+ "): apt-get install chromium chromium-driver";
		if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(reason + " — under CI a missing browser is a failure, not a skip");
		}
		Assumptions.assumeTrue(installed, "Skipped: " + reason);
		try {
			Path profile = Files.createTempDirectory("e2e-chromium-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			// Without the background-networking flags Chromium keeps calling home, which
			// this closed network refuses.
			options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
					"--window-size=1280,900", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
				.usingAnyFreePort()
				.build();
			return new Browser(new ChromeDriver(service, options), profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Gives the browser a virtual authenticator (WebDriver's WebAuthn extension), which
	 * creates and uses passkeys as a device's platform authenticator would.
	 */
	VirtualAuthenticator addVirtualAuthenticator(VirtualAuthenticatorOptions options) {
		return this.driver.addVirtualAuthenticator(options);
	}

	void go(String url) {
		this.driver.get(url);
	}

	WebElement find(String cssSelector) {
		return new WebDriverWait(this.driver, Duration.ofSeconds(15))
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(cssSelector)));
	}

	void click(String cssSelector) {
		find(cssSelector).click();
	}

	void type(String cssSelector, String text) {
		WebElement field = find(cssSelector);
		field.clear();
		field.sendKeys(text);
	}

	String text(String cssSelector) {
		return find(cssSelector).getText();
	}

	String currentUrl() {
		return this.driver.getCurrentUrl();
	}

	String pageSource() {
		return this.driver.getPageSource();
	}

	/**
	 * Signs out with an auth-server page's sign-out button and waits until the sign-out
	 * has answered: the login page that says so, or the signed-out page that tells the
	 * apps. Going to another page before that could abort the sign-out.
	 */
	void signOutOfAuthServer() {
		click("#sign-out");
		new WebDriverWait(this.driver, Duration.ofSeconds(15))
			.until((driver) -> driver.getCurrentUrl().contains("/login?logout")
					|| !driver.findElements(By.id("signed-out-message")).isEmpty());
	}

	/** Waits until the browser is at a URL starting with {@code prefix}. */
	void awaitUrlStartingWith(String prefix) {
		new WebDriverWait(this.driver, Duration.ofSeconds(15))
			.until(ExpectedConditions.urlMatches("^" + Pattern.quote(prefix) + ".*"));
	}

	/** Waits until the browser has left every URL starting with {@code prefix}. */
	void awaitUrlNotStartingWith(String prefix) {
		new WebDriverWait(this.driver, Duration.ofSeconds(15))
			.until(ExpectedConditions.not(ExpectedConditions.urlMatches("^" + Pattern.quote(prefix) + ".*")));
	}

	/**
	 * Waits, without reloading, until the text of {@code cssSelector} is no longer
	 * {@code text}.
	 */
	void awaitTextOtherThan(String cssSelector, String text) {
		// The page may be replaced between finding the element and reading it (the
		// redirect after a form post lands mid-wait): then look again.
		new WebDriverWait(this.driver, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
			.until((driver) -> !text.equals(driver.findElement(By.cssSelector(cssSelector)).getText()));
	}

	/**
	 * Reloads the page, once a second, until the text of {@code cssSelector} is no longer
	 * {@code text}.
	 */
	void reloadUntilTextChanges(String cssSelector, String text, Duration timeout) {
		new WebDriverWait(this.driver, timeout, Duration.ofSeconds(1)).until((driver) -> {
			driver.navigate().refresh();
			return !text.equals(find(cssSelector).getText());
		});
	}

	/**
	 * Reloads the page, once a second, until it has an element matching
	 * {@code cssSelector}.
	 */
	void reloadUntilPresent(String cssSelector, Duration timeout) {
		new WebDriverWait(this.driver, timeout, Duration.ofSeconds(1)).until((driver) -> {
			driver.navigate().refresh();
			return !driver.findElements(By.cssSelector(cssSelector)).isEmpty();
		});
	}

	/**
	 * Saves a screenshot of the current page as {@code target/screenshots/<name>.png}, a
	 * test artifact.
	 */
	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			File file = this.driver.getScreenshotAs(OutputType.FILE);
			Path target = SCREENSHOTS.resolve(name + ".png");
			Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
		try (var files = Files.walk(this.profile)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A leftover temporary profile is harmless.
		}
	}

}
