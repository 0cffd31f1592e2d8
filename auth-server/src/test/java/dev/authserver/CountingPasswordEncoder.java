package dev.authserver;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The users' password encoder, counting the passwords it checks, so that a test can prove
 * that a refusal did the same work as any other: the hash check is what takes the time.
 */
public final class CountingPasswordEncoder implements PasswordEncoder {

	private final PasswordEncoder delegate;

	private final AtomicInteger checks = new AtomicInteger();

	private CountingPasswordEncoder(PasswordEncoder delegate) {
		this.delegate = delegate;
	}

	/** How many passwords {@code action} had checked against a hash. */
	public int checksDuring(Runnable action) {
		int before = this.checks.get();
		action.run();
		return this.checks.get() - before;
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return this.delegate.encode(rawPassword);
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		this.checks.incrementAndGet();
		return this.delegate.matches(rawPassword, encodedPassword);
	}

	@Override
	public boolean upgradeEncoding(String encodedPassword) {
		return this.delegate.upgradeEncoding(encodedPassword);
	}

	/** Wraps the {@code passwordEncoder} bean. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Wrapping {

		@Bean
		static BeanPostProcessor countingPasswordEncoder() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return "passwordEncoder".equals(beanName) ? new CountingPasswordEncoder((PasswordEncoder) bean)
							: bean;
				}

			};
		}

	}

}
