package dev.authserver.users;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Brute-force protection of password sign-ins. The throttled provider is the one
 * authentication provider of the login form and of HTTP Basic on the admin API, so
 * neither way around it exists.
 */
@Configuration(proxyBeanMethods = false)
class LoginThrottleConfig {

	@Bean
	JdbcLoginThrottle loginThrottle(JdbcClient jdbcClient, LoginThrottleProperties properties) {
		return new JdbcLoginThrottle(jdbcClient, properties, Clock.systemUTC());
	}

	/**
	 * Forgets old failures and old known addresses every {@code forget-after}, scheduled
	 * from the properties record, which holds the one default.
	 */
	@Bean
	SchedulingConfigurer loginThrottleForgetting(JdbcLoginThrottle loginThrottle, LoginThrottleProperties properties) {
		return (tasks) -> {
			tasks.addFixedDelayTask(new FixedDelayTask(loginThrottle::forgetOldFailures, properties.forgetAfter(),
					properties.forgetAfter()));
			tasks.addFixedDelayTask(new FixedDelayTask(loginThrottle::forgetOldKnownAddresses, properties.forgetAfter(),
					properties.forgetAfter()));
		};
	}

	@Bean
	ThrottledAuthenticationProvider passwordAuthenticationProvider(JdbcUserDetailsService userDetailsService,
			PasswordEncoder passwordEncoder, JdbcLoginThrottle loginThrottle, MeterRegistry meterRegistry) {
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(userDetailsService);
		passwords.setPasswordEncoder(passwordEncoder);
		passwords.setUserDetailsPasswordService(userDetailsService);
		return new ThrottledAuthenticationProvider(passwords, loginThrottle,
				meterRegistry.counter("authserver.logins.throttled"));
	}

}
