package dev.authserver.samples.resourceserver.messages;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Reads ({@code message.read}) and posts ({@code message.write}) messages; the scopes are
 * enforced by the security filter chain.
 */
@RestController
@RequestMapping("/api/messages")
class MessageController {

	/**
	 * Enough for a demo page, and it keeps the response bounded however many messages
	 * pile up.
	 */
	private static final int LATEST = 50;

	private final JdbcMessageRepository messages;

	MessageController(JdbcMessageRepository messages) {
		this.messages = messages;
	}

	@GetMapping
	List<Message> latest() {
		return this.messages.findLatest(LATEST);
	}

	@GetMapping("/{id}")
	ResponseEntity<Message> message(@PathVariable long id) {
		return ResponseEntity.of(this.messages.findById(id));
	}

	@PostMapping
	ResponseEntity<Message> create(@Valid @RequestBody NewMessage newMessage, @AuthenticationPrincipal Jwt token) {
		Message message = this.messages.create(newMessage.text(), token.getSubject());
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{id}")
			.buildAndExpand(message.id())
			.toUri();
		return ResponseEntity.created(location).body(message);
	}

}
