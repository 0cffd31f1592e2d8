package dev.authserver.samples.clientdemo.device;

import dev.authserver.samples.clientdemo.ClientDemoProperties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * The device client, on the same auth-server as the demo's sign-in.
 */
@Configuration(proxyBeanMethods = false)
class DeviceConfig {

	@Bean
	DeviceClient deviceClient(RestClient.Builder builder, ClientDemoProperties properties,
			@Value("${spring.security.oauth2.client.provider.authserver.issuer-uri}") String issuer) {
		return new DeviceClient(builder.build(), issuer, properties.device().clientId());
	}

}
