package dev.authserver.device;

import java.time.Clock;

import dev.authserver.audit.AuditLog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.servlet.ViewResolver;

/**
 * The device authorization grant's parts, handed to the authorization-server chain as one
 * {@link DeviceGrant}.
 */
@Configuration(proxyBeanMethods = false)
class DeviceConfig {

	@Bean
	DeviceGrant deviceGrant(AuthorizationServerSettings settings, RegisteredClientRepository registeredClients,
			DeviceProperties properties, JdbcClient jdbc, AuditLog auditLog, ViewResolver thymeleafViewResolver) {
		Clock clock = Clock.systemUTC();
		return new DeviceGrant(settings, registeredClients, new DeviceAuthorizationResponses(properties.interval()),
				new DeviceVerificationResponses(new JdbcUserCodeThrottle(jdbc, properties, clock), auditLog,
						thymeleafViewResolver, settings.getDeviceVerificationEndpoint()),
				new JdbcDeviceCodePolls(jdbc, properties.interval(), clock));
	}

}
