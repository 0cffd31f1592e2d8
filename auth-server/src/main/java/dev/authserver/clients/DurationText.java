package dev.authserver.clients;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token lifetimes as the console shows and reads them: a number and a unit, as in
 * {@code 15m}, {@code 8h} or {@code 30d}, the way Boot's duration properties are written.
 */
public final class DurationText {

	private static final Pattern TEXT = Pattern.compile("(\\d{1,7})\\s*([smhd])");

	private DurationText() {
	}

	/** The largest unit that expresses the duration exactly. */
	public static String format(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds != 0 && seconds % Duration.ofDays(1).toSeconds() == 0) {
			return duration.toDays() + "d";
		}
		if (seconds != 0 && seconds % Duration.ofHours(1).toSeconds() == 0) {
			return duration.toHours() + "h";
		}
		if (seconds != 0 && seconds % Duration.ofMinutes(1).toSeconds() == 0) {
			return duration.toMinutes() + "m";
		}
		return seconds + "s";
	}

	/**
	 * The duration the text names, or empty when it is not a number followed by s, m, h
	 * or d.
	 */
	public static Optional<Duration> parse(String text) {
		Matcher matcher = TEXT.matcher((text != null) ? text.strip().toLowerCase(Locale.ROOT) : "");
		if (!matcher.matches()) {
			return Optional.empty();
		}
		long amount = Long.parseLong(matcher.group(1));
		return Optional.of(switch (matcher.group(2)) {
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		});
	}

}
