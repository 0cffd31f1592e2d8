package dev.authserver.authorizations;

import java.util.stream.Collectors;

import dev.authserver.audit.AuditEvent.Outcome;
import dev.authserver.audit.AuditEventType;
import dev.authserver.audit.AuditLog;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The consent store, recording each consent a user grants (or extends) and each one
 * removed.
 */
class AuditedConsentService implements OAuth2AuthorizationConsentService {

	private final OAuth2AuthorizationConsentService delegate;

	private final RegisteredClientRepository clients;

	private final AuditLog auditLog;

	AuditedConsentService(OAuth2AuthorizationConsentService delegate, RegisteredClientRepository clients,
			AuditLog auditLog) {
		this.delegate = delegate;
		this.clients = clients;
		this.auditLog = auditLog;
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		this.delegate.save(consent);
		record(AuditEventType.CONSENT_GRANTED, consent);
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		this.delegate.remove(consent);
		record(AuditEventType.CONSENT_REVOKED, consent);
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		return this.delegate.findById(registeredClientId, principalName);
	}

	private void record(AuditEventType type, OAuth2AuthorizationConsent consent) {
		RegisteredClient client = this.clients.findById(consent.getRegisteredClientId());
		String scopes = consent.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.sorted()
			.collect(Collectors.joining(" "));
		this.auditLog.record(type, Outcome.SUCCESS, consent.getPrincipalName(),
				(client != null) ? client.getClientId() : null, scopes);
	}

}
