package dev.authserver.protocol;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body larger than a bound with 413, before anything parses it. Tomcat
 * bounds only form bodies ({@code server.tomcat.max-http-form-post-size}); JSON is read
 * by Jackson straight from the stream, as much of it as the client cares to send.
 * <p>
 * A declared {@code Content-Length} is checked without reading; a body without one
 * (chunked) is read up to the bound into memory and handed on from there.
 * <p>
 * No upstream issue found as of 2026-12: Tomcat's {@code maxPostSize} applies only in
 * {@code Request.parseParameters}, not to {@code getInputStream()}.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final int maxBytes;

	public RequestBodyLimitFilter(int maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declaredLength = request.getContentLengthLong();
		if (declaredLength > this.maxBytes) {
			refuse(response);
			return;
		}
		if (declaredLength >= 0) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBytes + 1);
		if (body.length > this.maxBytes) {
			refuse(response);
			return;
		}
		chain.doFilter(new ReadBodyRequest(request, body), response);
	}

	/**
	 * RFC 6750 §3.1 calls a malformed request {@code invalid_request}; the status says
	 * what is wrong with it.
	 */
	private void refuse(HttpServletResponse response) throws IOException {
		OAuth2ErrorResponses.send(response, HttpStatus.CONTENT_TOO_LARGE, new OAuth2Error(
				OAuth2ErrorCodes.INVALID_REQUEST, "The request body is larger than " + this.maxBytes + " bytes", null));
	}

	/** The request with its body already read into memory. */
	private static final class ReadBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public BufferedReader getReader() {
			Charset charset = (getCharacterEncoding() != null) ? Charset.forName(getCharacterEncoding())
					: StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body is already in memory");
				}

			};
		}

	}

}
