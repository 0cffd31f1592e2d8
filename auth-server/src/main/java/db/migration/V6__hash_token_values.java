package db.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Replaces the token values already stored in {@code oauth2_authorization} by
 * {@code sha256:} hashes, the form in which the server stores them from now on, so tokens
 * issued before the upgrade keep working.
 * <p>
 * A Java migration because SQL has no portable SHA-256 (PostgreSQL's {@code sha256()} and
 * H2's {@code HASH()} differ). It must give the same result as
 * {@code dev.authserver.authorizations.TokenHashes}, which it repeats on purpose: a
 * migration must not change when the application code does.
 */
public class V6__hash_token_values extends BaseJavaMigration {

	private static final String[] VALUE_COLUMNS = { "authorization_code_value", "access_token_value",
			"oidc_id_token_value", "refresh_token_value", "user_code_value", "device_code_value" };

	@Override
	public void migrate(Context context) throws Exception {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		for (String column : VALUE_COLUMNS) {
			try (Statement select = context.getConnection().createStatement();
					ResultSet rows = select.executeQuery(
							"SELECT id, " + column + " FROM oauth2_authorization WHERE " + column + " IS NOT NULL");
					PreparedStatement update = context.getConnection()
						.prepareStatement("UPDATE oauth2_authorization SET " + column + " = ? WHERE id = ?")) {
				while (rows.next()) {
					String value = rows.getString(2);
					if (!value.startsWith("sha256:")) {
						update.setString(1, "sha256:"
								+ HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8))));
						update.setString(2, rows.getString(1));
						update.executeUpdate();
					}
				}
			}
		}
	}

}
