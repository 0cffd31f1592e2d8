package dev.authserver.clients;

import java.util.List;

import dev.authserver.tokens.ClientResources;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The console's form for the resource servers a client may use (RFC 8707), one URI per
 * line as typed; the first is the audience of its tokens when it names none. Empty lets
 * the client use every resource server this server knows.
 */
class ClientResourcesForm {

	private String resources = "";

	static ClientResourcesForm of(RegisteredClient client) {
		ClientResourcesForm form = new ClientResourcesForm();
		form.setResources(String.join("\n", ClientResources.of(client)));
		return form;
	}

	/**
	 * The resource servers, in the order typed; blank lines and surrounding spaces are no
	 * part of any.
	 */
	List<String> toList() {
		return this.resources.lines().map(String::strip).filter((line) -> !line.isEmpty()).distinct().toList();
	}

	public String getResources() {
		return this.resources;
	}

	public void setResources(String resources) {
		this.resources = (resources != null) ? resources : "";
	}

}
