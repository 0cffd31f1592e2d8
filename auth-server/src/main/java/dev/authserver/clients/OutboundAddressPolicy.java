package dev.authserver.clients;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * The egress rule of every fetch this server makes to a URL someone else chose (a
 * client's {@code jwks_uri} today; logout URIs and request URIs are to reuse it): only
 * public addresses, so that such a URL cannot make the server probe its own network (a
 * cloud metadata service, an internal admin port). Development mode relaxes it for
 * loopback ({@code 127.0.0.0/8}, {@code ::1}), where a developer's clients run.
 * <p>
 * It decides on the address connected to, not on the host name: as the HTTP client's
 * {@link DnsResolver}, it resolves the name once, refuses the whole answer if any address
 * in it is not allowed, and the connection is made to exactly the addresses it returned,
 * so a DNS answer that changes between the check and the connection (DNS rebinding)
 * cannot slip through. IPv6 forms that carry an IPv4 address (IPv4-mapped and
 * -compatible, NAT64, 6to4, Teredo) are judged by the IPv4 address they reach.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6890">RFC 6890</a> special-purpose
 * address registries
 */
public final class OutboundAddressPolicy implements DnsResolver {

	/** Teredo's client address is stored inverted in the last 32 bits. */
	private static final int TEREDO = -2;

	private final boolean allowLoopback;

	/**
	 * @param allowLoopback development mode: also allow loopback addresses
	 */
	public OutboundAddressPolicy(boolean allowLoopback) {
		this.allowLoopback = allowLoopback;
	}

	/**
	 * Whether a connection to this address is allowed: a public address, or loopback in
	 * development mode.
	 */
	public boolean allows(InetAddress address) {
		return isPublic(address) || (this.allowLoopback && address.isLoopbackAddress());
	}

	/**
	 * @throws UnknownHostException naming the host when any of its addresses is not
	 * allowed, which the HTTP client reports like a host that does not exist
	 */
	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
		for (InetAddress address : addresses) {
			if (!allows(address)) {
				throw new UnknownHostException(host + " is not a public address");
			}
		}
		return addresses;
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
	}

	/**
	 * Whether the address is a public one: not unspecified, loopback, private, shared
	 * (carrier-grade NAT), link-local, unique-local, site-local, multicast or reserved,
	 * and, for an IPv6 address that carries an IPv4 one, neither is that IPv4 address.
	 */
	static boolean isPublic(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			return isPublicIpv4(bytes, 0);
		}
		if (!(address instanceof Inet6Address)) {
			return false;
		}
		int embedded = embeddedIpv4Offset(bytes);
		if (embedded == TEREDO) {
			byte[] client = new byte[4];
			for (int i = 0; i < 4; i++) {
				client[i] = (byte) ~bytes[12 + i];
			}
			return isPublicIpv4(client, 0);
		}
		if (embedded >= 0) {
			return isPublicIpv4(bytes, embedded);
		}
		return isPublicIpv6(address, bytes);
	}

	/**
	 * Where an IPv6 address carries an IPv4 address, as the offset of its four bytes;
	 * {@link #TEREDO} for Teredo, -1 for none.
	 */
	private static int embeddedIpv4Offset(byte[] bytes) {
		if (zeros(bytes, 0, 10) && ((bytes[10] == 0 && bytes[11] == 0) || (bytes[10] == -1 && bytes[11] == -1))) {
			// IPv4-compatible ::a.b.c.d (RFC 4291 §2.5.5.1, deprecated) and IPv4-mapped
			// ::ffff:a.b.c.d (§2.5.5.2); :: and ::1 are judged as IPv6.
			boolean compatible = bytes[10] == 0;
			return (compatible && zeros(bytes, 12, 15) && (bytes[15] == 0 || bytes[15] == 1)) ? -1 : 12;
		}
		if (prefix(bytes, 0x00, 0x64, 0xff, 0x9b) && zeros(bytes, 4, 12)) {
			// NAT64 well-known prefix 64:ff9b::/96 (RFC 6052 §2.1).
			return 12;
		}
		if (prefix(bytes, 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01)) {
			// NAT64 local-use prefix 64:ff9b:1::/48 (RFC 8215), used with a /96.
			return 12;
		}
		if (prefix(bytes, 0x20, 0x02)) {
			// 6to4 2002:a.b.c.d::/48 (RFC 3056 §2).
			return 2;
		}
		if (prefix(bytes, 0x20, 0x01, 0x00, 0x00)) {
			// Teredo 2001::/32 (RFC 4380 §4).
			return TEREDO;
		}
		return -1;
	}

	private static boolean isPublicIpv6(InetAddress address, byte[] bytes) {
		boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
		boolean documentation = prefix(bytes, 0x20, 0x01, 0x0d, 0xb8);
		return !(address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress() || uniqueLocal || documentation);
	}

	private static boolean isPublicIpv4(byte[] bytes, int offset) {
		int a = bytes[offset] & 0xff;
		int b = bytes[offset + 1] & 0xff;
		int c = bytes[offset + 2] & 0xff;
		boolean thisNetwork = a == 0;
		boolean privateUse = a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168);
		boolean shared = a == 100 && (b & 0xc0) == 64;
		boolean loopback = a == 127;
		boolean linkLocal = a == 169 && b == 254;
		boolean protocolAssignments = a == 192 && b == 0 && c == 0;
		boolean documentation = (a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100)
				|| (a == 203 && b == 0 && c == 113);
		boolean benchmarking = a == 198 && (b & 0xfe) == 18;
		boolean multicastOrReserved = a >= 224;
		return !(thisNetwork || privateUse || shared || loopback || linkLocal || protocolAssignments || documentation
				|| benchmarking || multicastOrReserved);
	}

	private static boolean prefix(byte[] bytes, int... prefix) {
		for (int i = 0; i < prefix.length; i++) {
			if ((bytes[i] & 0xff) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	/** Whether bytes[from] to bytes[to - 1] are all zero. */
	private static boolean zeros(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

}
