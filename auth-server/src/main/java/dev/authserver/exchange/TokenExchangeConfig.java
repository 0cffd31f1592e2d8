package dev.authserver.exchange;

import dev.authserver.audit.AuditLog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The token exchange grant's parts, handed to the authorization-server chain as one
 * {@link TokenExchangeGrant}, and the cut of exchanged tokens' lifetimes.
 */
@Configuration(proxyBeanMethods = false)
class TokenExchangeConfig {

	@Bean
	TokenExchangeGrant tokenExchangeGrant(AuditLog auditLog) {
		return new TokenExchangeGrant(auditLog);
	}

	@Bean
	ExchangedTokenLifetime exchangedTokenLifetime() {
		return new ExchangedTokenLifetime();
	}

}
