package dev.authserver.clients;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.authserver.tokens.ResourceIndicators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerProperties;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The admin console's client pages: list and search, register, view, edit metadata, token
 * lifetimes and resource servers, rotate the secret, disable, enable and delete.
 * Registration and edits go through {@link ClientAdministration}, so the console accepts
 * exactly what the registration endpoint accepts.
 * <p>
 * It reads clients through the plain JDBC repository, which also sees disabled clients.
 * Other instances of the server cache clients, so the messages say when those see a
 * change. A page that shows a new secret is the answer to the POST itself, never a
 * redirect: a flash attribute would travel through the session, which Spring Session
 * writes to the database.
 */
@Controller
@RequestMapping("/admin/clients")
class ClientsAdminController {

	private static final Logger log = LoggerFactory.getLogger(ClientsAdminController.class);

	private static final int LIST_LIMIT = 100;

	private final JdbcRegisteredClientRepository clients;

	private final JdbcRegisteredClientStore store;

	private final ClientAdministration administration;

	private final Set<String> declaredClientIds;

	private final List<String> knownResources;

	/**
	 * How late, at most, other instances see a change: until their cached copy of the
	 * client expires.
	 */
	private final String elsewhereWithin;

	ClientsAdminController(JdbcRegisteredClientRepository clients, JdbcRegisteredClientStore store,
			ClientAdministration administration, OAuth2AuthorizationServerProperties properties,
			ClientCacheProperties cacheProperties, ResourceIndicators resourceIndicators) {
		this.clients = clients;
		this.knownResources = resourceIndicators.knownResources();
		this.store = store;
		this.administration = administration;
		this.elsewhereWithin = "other instances of the server within "
				+ DurationText.format(cacheProperties.timeToLive()) + " (authserver.clients.cache.time-to-live)";
		this.declaredClientIds = properties.getClient()
			.values()
			.stream()
			.map((client) -> client.getRegistration().getClientId())
			.collect(Collectors.toUnmodifiableSet());
	}

	@GetMapping
	String list(@RequestParam(name = "q", defaultValue = "") String query, Model model) {
		model.addAttribute("query", query);
		model.addAttribute("clients", this.store.search(query.strip(), LIST_LIMIT));
		model.addAttribute("limit", LIST_LIMIT);
		return "admin/clients/list";
	}

	@GetMapping("/new")
	String registrationForm(Model model) {
		model.addAttribute("form", ClientMetadataForm.forNewClient());
		return "admin/clients/register";
	}

	@PostMapping
	String register(@ModelAttribute("form") ClientMetadataForm form, BindingResult errors, Principal admin, Model model,
			RedirectAttributes redirect) {
		ClientAdministration.NewClient registration;
		try {
			registration = this.administration.registerByAdmin(form.toMetadata(), admin.getName());
		}
		catch (InvalidClientMetadataException ex) {
			ClientMetadataForm.reject(ex, errors);
			return "admin/clients/register";
		}
		if (registration.clientSecret() != null) {
			return showSecret(registration.client(), registration.clientSecret(), "Client registered.", model);
		}
		redirect.addFlashAttribute("notice", "Client registered.");
		return redirectToClient(registration.client().getClientId());
	}

	@GetMapping("/{clientId}")
	String client(@PathVariable String clientId, Model model) {
		model.addAttribute("client", details(existing(clientId)));
		return "admin/clients/view";
	}

	@GetMapping("/{clientId}/edit")
	String editForm(@PathVariable String clientId, Model model) {
		RegisteredClient client = existing(clientId);
		return edit(client, ClientMetadataForm.of(ClientMetadataMapping.metadataOf(client)),
				TokenLifetimesForm.of(client.getTokenSettings()), ClientResourcesForm.of(client), model);
	}

	/**
	 * Replaces the client's metadata; its authentication (method, assertion algorithm,
	 * keys) stays as it is, so a confidential client keeps its secret or keys.
	 */
	@PostMapping("/{clientId}/metadata")
	String updateMetadata(@PathVariable String clientId, @ModelAttribute("form") ClientMetadataForm form,
			BindingResult errors, Principal admin, Model model, RedirectAttributes redirect) {
		RegisteredClient client = existing(clientId);
		ClientMetadata current = ClientMetadataMapping.metadataOf(client);
		form.setTokenEndpointAuthMethod(current.tokenEndpointAuthMethod());
		String newSecret;
		try {
			newSecret = this.administration.replace(client, form.toMetadata().withClientAuthenticationOf(current),
					Set.of(), Set.of());
		}
		catch (InvalidClientMetadataException ex) {
			ClientMetadataForm.reject(ex, errors);
			return edit(client, form, TokenLifetimesForm.of(client.getTokenSettings()), ClientResourcesForm.of(client),
					model);
		}
		log.info("Client {} updated by admin {}", clientId, admin.getName());
		if (newSecret != null) {
			return showSecret(existing(clientId), newSecret, metadataSaved(), model);
		}
		redirect.addFlashAttribute("notice", metadataSaved());
		return redirectToClient(clientId);
	}

	@PostMapping("/{clientId}/token-lifetimes")
	String updateTokenLifetimes(@PathVariable String clientId,
			@ModelAttribute("lifetimes") TokenLifetimesForm lifetimes, BindingResult errors, Principal admin,
			Model model, RedirectAttributes redirect) {
		RegisteredClient client = existing(clientId);
		ClientMetadataForm form = ClientMetadataForm.of(ClientMetadataMapping.metadataOf(client));
		Optional<Duration> access = lifetimes.accessTokenTimeToLive(errors);
		Optional<Duration> refresh = lifetimes.refreshTokenTimeToLive(errors);
		if (errors.hasErrors()) {
			return edit(client, form, lifetimes, ClientResourcesForm.of(client), model);
		}
		try {
			this.administration.updateTokenLifetimes(client, access.get(), refresh.get());
		}
		catch (InvalidClientMetadataException ex) {
			TokenLifetimesForm.reject(ex, errors);
			return edit(client, form, lifetimes, ClientResourcesForm.of(client), model);
		}
		log.info("Token lifetimes of client {} set to access {} and refresh {} by admin {}", clientId, access.get(),
				refresh.get(), admin.getName());
		redirect.addFlashAttribute("notice",
				"Token lifetimes saved: they apply to tokens issued from now on here, and on " + this.elsewhereWithin
						+ ".");
		return redirectToClient(clientId);
	}

	@PostMapping("/{clientId}/resources")
	String updateResources(@PathVariable String clientId, @ModelAttribute("resources") ClientResourcesForm resources,
			BindingResult errors, Principal admin, Model model, RedirectAttributes redirect) {
		RegisteredClient client = existing(clientId);
		try {
			this.administration.updateResources(client, resources.toList());
		}
		catch (InvalidClientMetadataException ex) {
			errors.rejectValue("resources", ex.getErrorCode(), ex.getMessage());
			return edit(client, ClientMetadataForm.of(ClientMetadataMapping.metadataOf(client)),
					TokenLifetimesForm.of(client.getTokenSettings()), resources, model);
		}
		log.info("Resource servers of client {} set to {} by admin {}", clientId, resources.toList(), admin.getName());
		redirect.addFlashAttribute("notice",
				"Resource servers saved: they apply to tokens issued from now on here, and " + "on "
						+ this.elsewhereWithin + ".");
		return redirectToClient(clientId);
	}

	/**
	 * Shows the new secret once, on the client's page; only its hash (or, for
	 * client_secret_jwt, ciphertext) is stored.
	 */
	@PostMapping("/{clientId}/secret-rotation")
	String rotateSecret(@PathVariable String clientId, Principal admin, Model model, RedirectAttributes redirect) {
		RegisteredClient client = existing(clientId);
		if (client.getClientSecret() == null) {
			redirect.addFlashAttribute("warning",
					"This client has no secret to rotate: a public client or one that signs with its own keys.");
			return redirectToClient(clientId);
		}
		String secret = this.administration.rotateSecret(client);
		log.info("Secret of client {} rotated by admin {}", clientId, admin.getName());
		return showSecret(client, secret,
				"Secret rotated: the old secret no longer works here, and on " + this.elsewhereWithin + ".", model);
	}

	@PostMapping("/{clientId}/disable")
	String disable(@PathVariable String clientId, Principal admin, RedirectAttributes redirect) {
		this.store.setEnabled(existing(clientId).getId(), false);
		log.info("Client {} disabled by admin {}, its tokens revoked", clientId, admin.getName());
		redirect.addFlashAttribute("notice",
				"Client disabled: the tokens it held are revoked, and it cannot get new ones "
						+ "here any more, nor on " + this.elsewhereWithin + ".");
		return redirectToClient(clientId);
	}

	@PostMapping("/{clientId}/enable")
	String enable(@PathVariable String clientId, Principal admin, RedirectAttributes redirect) {
		this.store.setEnabled(existing(clientId).getId(), true);
		log.info("Client {} enabled by admin {}", clientId, admin.getName());
		redirect.addFlashAttribute("notice",
				"Client enabled: it can get tokens again here, and on " + this.elsewhereWithin + ".");
		return redirectToClient(clientId);
	}

	@GetMapping("/{clientId}/delete")
	String deleteConfirmation(@PathVariable String clientId, Model model) {
		model.addAttribute("client", details(existing(clientId)));
		return "admin/clients/delete";
	}

	@PostMapping("/{clientId}/delete")
	String delete(@PathVariable String clientId, Principal admin, RedirectAttributes redirect) {
		this.administration.delete(existing(clientId));
		log.info("Client {} deleted by admin {}", clientId, admin.getName());
		redirect.addFlashAttribute("notice",
				"Client " + clientId + " deleted: its tokens are revoked, and it cannot get "
						+ "new ones here any more, nor on " + this.elsewhereWithin + ".");
		return "redirect:/admin/clients";
	}

	private String metadataSaved() {
		return "Redirect URIs, scopes and grant types saved: they apply here now, and on " + this.elsewhereWithin + ".";
	}

	/** The client's page with its new secret, shown this once. */
	private String showSecret(RegisteredClient client, String secret, String notice, Model model) {
		model.addAttribute("client", details(client));
		model.addAttribute("clientSecret", secret);
		model.addAttribute("notice", notice);
		return "admin/clients/view";
	}

	private String edit(RegisteredClient client, ClientMetadataForm form, TokenLifetimesForm lifetimes,
			ClientResourcesForm resources, Model model) {
		model.addAttribute("client", details(client));
		model.addAttribute("form", form);
		model.addAttribute("lifetimes", lifetimes);
		model.addAttribute("resources", resources);
		model.addAttribute("knownResources", this.knownResources);
		model.addAttribute("accessTokenBounds", DurationText.format(ClientAdministration.MIN_ACCESS_TOKEN_TIME_TO_LIVE)
				+ " to " + DurationText.format(this.administration.maxAccessTokenTimeToLive()));
		model.addAttribute("refreshTokenBounds",
				DurationText.format(ClientAdministration.MIN_REFRESH_TOKEN_TIME_TO_LIVE) + " to "
						+ DurationText.format(ClientAdministration.MAX_REFRESH_TOKEN_TIME_TO_LIVE));
		return "admin/clients/edit";
	}

	private RegisteredClient existing(String clientId) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return client;
	}

	private ClientDetails details(RegisteredClient client) {
		return ClientDetails.of(client, this.store.isEnabled(client.getId()),
				this.declaredClientIds.contains(client.getClientId()));
	}

	/**
	 * Client ids declared in configuration may hold any character, so the path is
	 * encoded.
	 */
	private static String redirectToClient(String clientId) {
		return "redirect:" + UriComponentsBuilder.fromPath("/admin/clients/{clientId}")
			.buildAndExpand(clientId)
			.encode()
			.toUriString();
	}

}
