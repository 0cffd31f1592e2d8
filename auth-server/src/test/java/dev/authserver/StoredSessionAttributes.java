package dev.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What Spring Session JDBC wrote to {@code spring_session_attributes}: the serialized
 * attributes of every session, where a value shown once must never land.
 */
final class StoredSessionAttributes {

	private StoredSessionAttributes() {
	}

	/**
	 * Asserts that no stored attribute holds {@code value} as UTF-8 bytes (which is also
	 * how Java serialization writes an ASCII string), and that there are attributes to
	 * look in.
	 */
	static void assertNoneContains(JdbcClient jdbc, String value) {
		List<String> attributes = jdbc.sql("SELECT attribute_bytes FROM spring_session_attributes")
			.query((rs, rowNum) -> latin1(rs.getBytes(1)))
			.list();
		assertThat(attributes).as("stored session attributes").isNotEmpty();
		String bytes = latin1(value.getBytes(StandardCharsets.UTF_8));
		assertThat(attributes).as("session attributes holding the value").noneMatch((stored) -> stored.contains(bytes));
	}

	/**
	 * One character per byte, so that a search in the string is a search in the bytes.
	 */
	private static String latin1(byte[] bytes) {
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}

}
