package dev.authserver.samples.resourceserver.messages;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Stores messages in the {@code message} table.
 */
@Repository
class JdbcMessageRepository {

	private static final RowMapper<Message> MESSAGE = (rs, rowNum) -> new Message(rs.getLong("id"),
			rs.getString("text"), rs.getString("author"), rs.getObject("created_at", OffsetDateTime.class).toInstant());

	private final JdbcClient jdbc;

	JdbcMessageRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The newest messages first; the row id breaks ties between messages stored in the
	 * same instant.
	 */
	List<Message> findLatest(int limit) {
		return this.jdbc.sql("""
				SELECT id, text, author, created_at FROM message
				ORDER BY created_at DESC, id DESC
				LIMIT :limit""").param("limit", limit).query(MESSAGE).list();
	}

	Optional<Message> findById(long id) {
		return this.jdbc.sql("SELECT id, text, author, created_at FROM message WHERE id = :id")
			.param("id", id)
			.query(MESSAGE)
			.optional();
	}

	/**
	 * Stores a message; the database sets its id and creation time, so it is read back.
	 */
	Message create(String text, String author) {
		KeyHolder keyHolder = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO message (text, author) VALUES (:text, :author)")
			.param("text", text)
			.param("author", author)
			.update(keyHolder, "id");
		long id = keyHolder.getKeyAs(Long.class);
		return findById(id).orElseThrow();
	}

}
