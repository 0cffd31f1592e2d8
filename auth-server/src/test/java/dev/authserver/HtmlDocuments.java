package dev.authserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.function.Function;

import org.htmlunit.StringWebResponse;
import org.htmlunit.WebClient;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;

/**
 * Reads a page the tests received over HTTP with a real HTML parser (HtmlUnit's, scripts
 * and CSS off), by element id and name as a user script would, never with regular
 * expressions.
 */
final class HtmlDocuments {

	private HtmlDocuments() {
	}

	/**
	 * Parses the body of {@code response} and answers {@code query} on it, while the
	 * parsed page is open.
	 */
	static <T> T read(HttpResponse<String> response, Function<HtmlPage, T> query) {
		try (WebClient parser = new WebClient()) {
			parser.getOptions().setJavaScriptEnabled(false);
			parser.getOptions().setCssEnabled(false);
			StringWebResponse html = new StringWebResponse(response.body(), response.uri().toURL());
			HtmlPage page = (HtmlPage) parser.loadWebResponseInto(html, parser.getCurrentWindow());
			return query.apply(page);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The text of the element with this id, stripped, when the page has it. */
	static Optional<String> text(HttpResponse<String> response, String id) {
		return read(response,
				(page) -> Optional.ofNullable(page.getElementById(id))
					.map(DomElement::getTextContent)
					.map(String::strip));
	}

	/** The value of the first field named {@code name}, when the page has one. */
	static Optional<String> fieldValue(HttpResponse<String> response, String name) {
		return read(response, (
				page) -> page.getElementsByName(name).stream().findFirst().map((field) -> field.getAttribute("value")));
	}

}
