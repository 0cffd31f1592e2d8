package dev.authserver.passkeys;

import dev.authserver.audit.AuditLog;
import dev.authserver.users.UserSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

/**
 * Passkeys: the framework's JDBC repositories over the V22 tables, the relying party
 * resolved and checked against the issuer at start-up, and the sign-in that
 * {@code config.WebSecurityConfig} adds to the login page's chain.
 */
@Configuration(proxyBeanMethods = false)
class PasskeysConfig {

	private static final Logger log = LoggerFactory.getLogger(PasskeysConfig.class);

	@Bean
	RelyingParty relyingParty(PasskeyProperties properties, AuthorizationServerSettings settings) {
		RelyingParty relyingParty = RelyingParty.of(properties, settings.getIssuer());
		log.info("Passkeys for relying party id {} from origins {}", relyingParty.id(), relyingParty.origins());
		return relyingParty;
	}

	@Bean
	PublicKeyCredentialUserEntityRepository publicKeyCredentialUserEntityRepository(JdbcOperations jdbc) {
		return new JdbcPublicKeyCredentialUserEntityRepository(jdbc);
	}

	@Bean
	UserCredentialRepository userCredentialRepository(JdbcOperations jdbc) {
		return new JdbcUserCredentialRepository(jdbc);
	}

	/**
	 * Registration and sign-in both require user verification (a PIN or biometrics on the
	 * authenticator): a passkey alone then proves possession and the user, which is what
	 * the {@code hwk} and {@code user} methods in ID tokens say. The sign-in checks the
	 * flag itself too ({@link PasskeyAuthenticationProvider}).
	 */
	@Bean
	Webauthn4JRelyingPartyOperations webAuthnRelyingPartyOperations(RelyingParty relyingParty,
			PublicKeyCredentialUserEntityRepository userEntities, UserCredentialRepository userCredentials) {
		Webauthn4JRelyingPartyOperations operations = new Webauthn4JRelyingPartyOperations(userEntities,
				userCredentials, rpEntity(relyingParty), relyingParty.origins());
		operations.setCustomizeCreationOptions(
				(options) -> options.pubKeyCredParams(SessionCreationOptionsRepository.CREDENTIAL_PARAMETERS)
					.authenticatorSelection(SessionCreationOptionsRepository.AUTHENTICATOR_SELECTION));
		operations
			.setCustomizeRequestOptions((options) -> options.userVerification(UserVerificationRequirement.REQUIRED));
		return operations;
	}

	@Bean
	SessionCreationOptionsRepository passkeyCreationOptionsRepository(RelyingParty relyingParty) {
		return new SessionCreationOptionsRepository(rpEntity(relyingParty));
	}

	@Bean
	PasskeySignIn passkeySignIn(Webauthn4JRelyingPartyOperations relyingParty, UserDetailsService users,
			AuthenticationEventPublisher events, SessionCreationOptionsRepository creationOptions) {
		return new PasskeySignIn(new PasskeyAuthenticationProvider(relyingParty, users), events, creationOptions);
	}

	@Bean
	JdbcPasskeys jdbcPasskeys(JdbcClient jdbc) {
		return new JdbcPasskeys(jdbc);
	}

	@Bean
	PasskeyCounts passkeyCounts(JdbcPasskeys passkeys) {
		return new PasskeyCounts(passkeys);
	}

	@Bean
	Passkeys passkeys(JdbcPasskeys passkeys, Webauthn4JRelyingPartyOperations relyingParty, UserSessions sessions,
			AuditLog auditLog) {
		return new Passkeys(passkeys, relyingParty, sessions, auditLog);
	}

	private static PublicKeyCredentialRpEntity rpEntity(RelyingParty relyingParty) {
		return PublicKeyCredentialRpEntity.builder().id(relyingParty.id()).name(relyingParty.name()).build();
	}

}
