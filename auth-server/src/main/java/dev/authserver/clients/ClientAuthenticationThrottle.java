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
 * Counts failed client authentications per client id at one caller address and per caller
 * address over a fixed window, in memory. Each instance counts its own share, so behind a
 * load balancer of n instances a guesser gets up to n times the free failures. Bounded:
 * the least recently used keys are dropped first, which at worst lets a flood of distinct
 * keys reset some counts.
 * <p>
 * Nothing counts a client id across addresses: such a count would let anyone refuse a
 * client its own right secret by sending wrong ones (OWASP ASVS v4.0.3 §2.2.1), and it is
 * not needed against guessing. Issued secrets are 256 random bits and assertions are
 * signatures: a million addresses each guessing its free failures a minute would not find
 * one. Only an operator's declared secret could be weak, and a shorter one than 32
 * characters is warned about at start-up ({@link DeclaredClientRegistrar}).
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
	 * Whether requests from this address naming this client id (null when none), or any
	 * client id, are refused now.
	 */
	public boolean isThrottled(String clientId, String address) {
		boolean throttled = exceeds(clientAtAddress(clientId, address), this.properties.clientFreeFailures())
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
		if (event.getAuthentication() instanceof OAuth2ClientAuthenticationToken client
				&& RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			String address = attributes.getRequest().getRemoteAddr();
			count(clientAtAddress(client.getName(), address));
			count("address:" + address);
		}
	}

	/** Addresses hold no space, so no two pairs make the same key. */
	private static String clientAtAddress(String clientId, String address) {
		return "client:" + address + " " + clientId;
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
