package dev.authserver.keys;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the JWKS (public keys only) from the document the key ring serialized when its
 * keys last changed, ahead of the security filter chain: resource servers fetch it often
 * and it is public, so it should cost next to nothing.
 * <p>
 * Clients may cache it for {@code authserver.keys.jwks-max-age}; a new key is published
 * at least that long before it signs, so a cached copy always holds the key of any token.
 * The {@code ETag} lets them revalidate for free.
 */
class JwksEndpointFilter extends OncePerRequestFilter {

	private final String path;

	private final SigningKeyRing ring;

	private final String cacheControl;

	public JwksEndpointFilter(String path, SigningKeyRing ring, Duration maxAge) {
		this.path = path;
		this.ring = ring;
		this.cacheControl = "public, max-age=" + maxAge.toSeconds();
	}

	/**
	 * The raw path, compared exactly: this filter shares the first position with the
	 * refusal of non-canonical paths, before which parsing the path may fail, and another
	 * spelling of the JWKS path ({@code /oauth2/%6Awks}) passes here to be refused there.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return !(("GET".equals(method) || "HEAD".equals(method)) && this.path.equals(request.getRequestURI()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		PublishedJwks jwks = this.ring.publishedJwks();
		response.setHeader(HttpHeaders.CACHE_CONTROL, this.cacheControl);
		response.setHeader(HttpHeaders.ETAG, jwks.etag());
		response.setHeader("X-Content-Type-Options", "nosniff");
		if (jwks.etag().equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(jwks.body().length);
		if ("GET".equals(request.getMethod())) {
			response.getOutputStream().write(jwks.body());
		}
	}

}
