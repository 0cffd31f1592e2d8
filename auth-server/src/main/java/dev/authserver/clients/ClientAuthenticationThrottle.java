package dev.authserver.clients;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Counts failed client authentications per client id and per caller address over a fixed
 * window, in memory. Each instance counts its own share, so behind a load balancer of n
 * instances a guesser gets up to n times the free failures: still a few dozen guesses a
 * minute against 256-bit secrets. Bounded: the least recently used keys are dropped
 * first, which at worst lets a flood of distinct keys reset some counts.
 */
public class ClientAuthenticationThrottle {

	private static final int MAX_KEYS = 100_000;

	private final ClientAuthenticationThrottleProperties properties;

	private final Cache<String, AtomicInteger> failures;

	private final Counter refusals;

	ClientAuthenticationThrottle(ClientAuthenticationThrottleProperties properties, Counter refusals) {
		this.properties = properties;
		this.failures = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(properties.window()).build();
		this.refusals = refusals;
	}

	/**
	 * Whether requests naming this client id (null when none) or coming from this address
	 * are refused now.
	 */
	public boolean isThrottled(String clientId, String address) {
		boolean throttled = exceeds("client:" + clientId, this.properties.clientFreeFailures())
				|| exceeds("address:" + address, this.properties.addressFreeFailures());
		if (throttled) {
			this.refusals.increment();
		}
		return throttled;
	}

	public Duration retryAfter() {
		return this.properties.window();
	}

	@EventListener
	void onFailure(AbstractAuthenticationFailureEvent event) {
		if (event.getAuthentication() instanceof OAuth2ClientAuthenticationToken client) {
			count("client:" + client.getName());
			if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
				count("address:" + attributes.getRequest().getRemoteAddr());
			}
		}
	}

	/*
	 * The window starts at the first failure: the entry expires that long after it was
	 * written, and increments do not rewrite it.
	 */
	private void count(String key) {
		this.failures.get(key, (k) -> new AtomicInteger()).incrementAndGet();
	}

	private boolean exceeds(String key, int freeFailures) {
		AtomicInteger count = this.failures.getIfPresent(key);
		return count != null && count.get() >= freeFailures;
	}

}
