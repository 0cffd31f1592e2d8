package dev.authserver.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundAddressPolicyTests {

	private final OutboundAddressPolicy production = new OutboundAddressPolicy(false);

	private final OutboundAddressPolicy development = new OutboundAddressPolicy(true);

	@ParameterizedTest
	@ValueSource(strings = {
			// loopback, private, link-local (cloud metadata), shared and unspecified IPv4
			"127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
			"0.0.0.0", "224.0.0.1", "255.255.255.255",
			// IPv6 rules: loopback, unspecified, link-local, unique local, site-local,
			// multicast
			"::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1",
			// IPv4-compatible ::a.b.c.d
			"::127.0.0.1", "::10.0.0.1", "::169.254.169.254", "::7f00:1",
			// IPv4-mapped ::ffff:a.b.c.d
			"::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254",
			// NAT64 64:ff9b::/96 and 64:ff9b:1::/48
			"64:ff9b::127.0.0.1", "64:ff9b::a00:1", "64:ff9b::169.254.169.254", "64:ff9b:1::7f00:1",
			"64:ff9b:1:2::a00:1", "64:ff9b:1::a9fe:a9fe",
			// 6to4 2002:a.b.c.d::/48
			"2002:7f00:1::1", "2002:a00:1::", "2002:a9fe:a9fe:1::1",
			// Teredo 2001:0::/32, client address inverted in the last 32 bits
			"2001:0:4136:e378:8000:63bf:80ff:fffe", "2001:0:4136:e378:8000:63bf:f5ff:fffe",
			"2001:0:4136:e378:8000:63bf:5601:5601" })
	void allowsWhenTheAddressIsOrCarriesAnInternalOneThenRefused(String literal) throws UnknownHostException {
		InetAddress address = InetAddress.getByName(literal);

		assertThat(this.production.allows(address)).as(literal).isFalse();
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> this.production.resolve(literal));
	}

	@ParameterizedTest
	@ValueSource(strings = { "93.184.215.14", "8.8.8.8", "2606:4700::1111", "2a00:1450:4001:82a::200e",
			"::ffff:8.8.8.8", "::8.8.8.8", "64:ff9b::808:808", "64:ff9b:1::808:808", "2002:808:808::1",
			// Teredo whose client is 8.8.8.8 (inverted: f7f7:f7f7)
			"2001:0:4136:e378:8000:63bf:f7f7:f7f7" })
	void allowsWhenTheAddressAndAnyIpv4ItCarriesArePublicThenAllowed(String literal) throws UnknownHostException {
		InetAddress address = InetAddress.getByName(literal);

		assertThat(this.production.allows(address)).as(literal).isTrue();
		assertThat(this.production.resolve(literal)).containsExactly(address);
	}

	@Test
	void allowsInDevelopmentModeThenOnlyPlainLoopbackIsAlsoAllowed() throws UnknownHostException {
		assertThat(this.development.allows(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(this.development.allows(InetAddress.getByName("::1"))).isTrue();
		assertThat(this.development.allows(InetAddress.getByName("::127.0.0.1"))).isFalse();
		assertThat(this.development.allows(InetAddress.getByName("64:ff9b::7f00:1"))).isFalse();
		assertThat(this.development.allows(InetAddress.getByName("10.0.0.1"))).isFalse();
		assertThat(this.development.allows(InetAddress.getByName("169.254.169.254"))).isFalse();
	}

}
